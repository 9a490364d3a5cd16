"""``govoa serve`` in production mode runs several gunicorn worker processes against
PostgreSQL and serves a login and a page; in the embedded setup (SQLite) it stays one process."""

import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import make_password
from django.core.management import CommandError, call_command
from django.db import connection

from govoa.testing.factories import TEST_PASSWORD
from tests.e2e.test_make_run import _free_port, _wait_for
from tests.e2e.test_run_supervision import _children

ROOT = Path(__file__).resolve().parents[2]


def production_env(data_dir: Path) -> dict[str, str]:
    """The production settings on the test database, over plain HTTP on the loopback."""
    db = connection.settings_dict
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GOVOA_", "DJANGO_"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "GOVOA_SECRET_KEY": secrets.token_urlsafe(50),
        "GOVOA_AUDIT_KEY": secrets.token_urlsafe(50),
        "GOVOA_FIELD_KEYS": f"k1:{secrets.token_hex(16)}",
        "GOVOA_DATABASE_URL": (
            f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}"
        ),
        "GOVOA_ALLOWED_HOSTS": "127.0.0.1",
        "GOVOA_DATA_DIR": str(data_dir),
        "GOVOA_SSL_REDIRECT": "false",
        "GOVOA_SECURE_COOKIES": "false",
        "GOVOA_HSTS_SECONDS": "0",
    }


def _login(base: str, username: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    answer = browser.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": TEST_PASSWORD, "csrfmiddlewaretoken": token[1]},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text[:500]
    return browser


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_serve_runs_worker_processes_that_log_in_and_serve_pages(people, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("production mode is PostgreSQL; checked in the PostgreSQL pass")
    # Production hashes passwords with PBKDF2-SM3; the test settings' MD5 is not accepted there.
    people.staff.password = make_password(TEST_PASSWORD, hasher="pbkdf2_sm3")
    people.staff.save(update_fields=["password"])
    env = production_env(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "govoa.cli", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 — our own command
        [
            sys.executable,
            "-m",
            "govoa.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--threads",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/accounts/login/", 90)
        # The first worker may answer while the second is still being forked (gunicorn spawns
        # them one after the other): look for both for a while, not in one snapshot.
        workers = _children(server.pid)
        deadline = time.monotonic() + 30
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = _children(server.pid)
        assert len(workers) == 2, workers
        browser = _login(base, "staff")
        # Several requests, so that both workers (each keeping its connection) answer some.
        for _ in range(6):
            page = browser.get(f"{base}/", timeout=30)
            assert page.status_code == 200
            assert people.staff.real_name in page.text
            assert "待办" in page.text
        answer = browser.get(f"{base}/api/v1/me", timeout=30)
        assert answer.status_code == 200
        assert answer.json()["username"] == "staff"
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)
    assert "gunicorn：2 个进程 × 2 个线程" in output, output
    assert server.returncode == 0, output


def test_embedded_serve_refuses_several_processes(db):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded setup is SQLite; checked in the SQLite pass")
    with pytest.raises(CommandError, match="waitress（内嵌模式、SQLite）只运行一个 Web 服务进程"):
        call_command("serve", workers=2)


def test_serve_refuses_zero_workers(db):
    with pytest.raises(CommandError, match="--workers 至少为 1"):
        call_command("serve", workers=0)
