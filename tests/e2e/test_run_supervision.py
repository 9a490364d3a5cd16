"""`govoa run` keeps its processes together: when the web server dies it is started again and
serves; when it cannot be kept running, everything stops and the command exits non-zero with a
message saying so — never a worker and scheduler left running without a web server, or the
other way round."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.test_make_run import _free_port, _wait_for

pytestmark = pytest.mark.e2e


def _start(tmp_path: Path, port: int, *extra: str) -> subprocess.Popen[str]:
    if os.environ.get("GOVOA_TEST_DB", "sqlite") != "sqlite":
        pytest.skip("the embedded setup is SQLite; checked in the SQLite pass")
    env = {
        **os.environ,
        "GOVOA_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.embedded",
    }
    return subprocess.Popen(  # noqa: S603 — our own command
        [sys.executable, "-m", "govoa.cli", "run", "--no-demo", "--port", str(port), *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _children(pid: int) -> dict[int, str]:
    """The processes whose parent is ``pid``, with their command lines (from /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(entry.name)] = command
    return found


def _web_child(pid: int) -> int:
    return next(p for p, command in _children(pid).items() if " serve " in command)


def test_the_web_server_is_restarted_when_it_dies(tmp_path: Path):
    port = _free_port()
    server = _start(tmp_path, port)
    login = f"http://127.0.0.1:{port}/accounts/login/"
    try:
        _wait_for(login, 90)
        web = _web_child(server.pid)
        others = set(_children(server.pid)) - {web}
        os.kill(web, signal.SIGKILL)
        time.sleep(0.5)
        _wait_for(login, 30)
        with urllib.request.urlopen(login) as response:
            assert "机关协同办公系统" in response.read().decode()
        assert _web_child(server.pid) != web
        assert others <= set(_children(server.pid))  # worker and scheduler kept running
        assert server.poll() is None
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    assert "Web 服务（进程" in output
    assert "意外退出（被信号 SIGKILL 终止）" in output
    assert "Web 服务已重新启动" in output
    assert server.returncode == 0


def test_run_exits_non_zero_when_the_web_server_cannot_start(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = _start(tmp_path, taken.getsockname()[1], "--max-restarts", "1")
        output, _ = server.communicate(timeout=120)
    assert server.returncode == 1
    assert "Web 服务（进程" in output
    assert "不再重启。已停止全部进程" in output
