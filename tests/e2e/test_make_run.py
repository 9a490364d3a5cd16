"""`make run` is sacred: start `govoa run` on an empty data directory, as a newcomer would, and
use the demo agency it creates through the web page and the API."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def _wait_for_file(path: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} did not appear within {seconds} s"
        time.sleep(0.5)


def test_govoa_run_serves_the_demo_agency(tmp_path: Path):
    if os.environ.get("GOVOA_TEST_DB", "sqlite") != "sqlite":
        pytest.skip("the embedded setup is SQLite; checked in the SQLite pass")
    port = _free_port()
    env = {
        **os.environ,
        "GOVOA_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.embedded",
    }
    server = subprocess.Popen(  # noqa: S603 — our own command
        [sys.executable, "-m", "govoa.cli", "run", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/accounts/login/", 90)
        with urllib.request.urlopen(f"{base}/accounts/login/") as response:
            page = response.read().decode()
        assert "机关协同办公系统" in page
        assert 'lang="zh-CN"' in page
        request = urllib.request.Request(
            f"{base}/api/v1/auth/token",
            method="POST",
            data=json.dumps({"username": "guojun", "password": "Govoa@2026"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            token = json.load(response)["token"]
        me = urllib.request.Request(
            f"{base}/api/v1/me",
            headers={"Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(me) as response:
            assert json.load(response)["real_name"] == "郭军"
        assert (tmp_path / "govoa.sqlite3").exists()
        assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
        # The scheduler chains the audit events and signs the chain's head (ADR 0008).
        _wait_for_file(tmp_path / "audit-checkpoints.jsonl", 60)
        assert oct((tmp_path / "audit_key").stat().st_mode)[-3:] == "600"
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    assert "所有演示账户的密码均为：Govoa@2026" in output
    assert "GovOA 已启动" in output
    verify = subprocess.run(
        [sys.executable, "-m", "govoa.cli", "audit-verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout.startswith("OK：审计链完整"), verify.stdout
