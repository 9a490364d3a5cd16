"""Exchange between two GovOA deployments that share nothing but the bytes they pass.

Deployment A is this test's own (its database, in this process). Deployment B is another
GovOA started as a separate process (`govoa run --no-demo`) on its own SQLite file and data
directory, reached only over loopback HTTP as its registrar would reach it: log in, upload the
package on the 跨系统交换 page, 签收 through the API, download the signed receipt. A then imports
that receipt. Each side's SM2 key is its own (made on first use in each database); the public
keys are exchanged out of band, as the administrators would. A package with one byte changed
is refused by B with its Chinese reason, and B keeps nothing of it."""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from govoa.integration.exchange import (
    exchange_key,
    exchange_peer_add,
    package_export,
    receipt_import,
)
from govoa.outgoing.models import OutgoingDocument
from govoa.testing.factories import TEST_PASSWORD
from govoa.testing.outgoing import draft

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

B_AGENCY = "邻市发展和改革委员会"

# Run in deployment B's own process and database: its agency, registrar and administrator, and
# A's public key trusted by B's administrator. Prints B's public key.
B_SETUP = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from govoa.core.vocabulary import Role
from govoa.integration.exchange import exchange_key, exchange_peer_add
from govoa.testing.factories import AgencyFactory, DepartmentFactory, PersonFactory, grant
agency = AgencyFactory(name=sys.argv[1], short_name="邻市发改委", doc_code="邻发改")
office = DepartmentFactory(agency=agency, name="办公室", code="BGS")
registrar = PersonFactory(department=office, username="b.registrar", real_name="乙收发员")
grant(registrar, Role.REGISTRAR)
admin = PersonFactory(department=office, username="b.sysadmin", real_name="乙系统管理员")
grant(admin, Role.SYS_ADMIN)
exchange_peer_add(actor=admin, name=sys.argv[2], public_key=sys.argv[3])
print(json.dumps({"public_key": exchange_key(agency).public_key}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """B's registrar: a cookie jar, CSRF tokens read from the pages, nothing else shared."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(self.base + path, timeout=60) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def csrf(self, path: str) -> str:
        page = self.get(path)[1].decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post(self, path: str, data: bytes, content_type: str, referer: str) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.base + path,
            data=data,
            headers={"Content-Type": content_type, "Referer": self.base + referer},
        )
        try:
            with self.opener.open(request, timeout=120) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def login(self, username: str) -> None:
        token = self.csrf("/accounts/login/")
        form = {"csrfmiddlewaretoken": token, "username": username, "password": TEST_PASSWORD}
        status, page = self.post(
            "/accounts/login/",
            urllib.parse.urlencode(form).encode(),
            "application/x-www-form-urlencoded",
            "/accounts/login/",
        )
        assert status == 200
        assert "退出" in page.decode(), "乙方收发员未能登录"

    def upload(self, path: str, field: str, name: str, content: bytes) -> tuple[int, str]:
        token = self.csrf("/integration/exchange/")
        boundary = uuid.uuid4().hex
        body = (
            (
                f"--{boundary}\r\n"
                'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f"{token}\r\n--{boundary}\r\n"
                f'Content-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, page = self.post(
            path, body, f"multipart/form-data; boundary={boundary}", "/integration/exchange/"
        )
        return status, page.decode()


def _api(base: str, method: str, path: str, token: str = "", body: Any = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.load(answer)


@pytest.fixture
def deployment_b(tmp_path: Path, people) -> Any:
    """Deployment B: set up in its own database, then served by its own process."""
    if os.environ.get("GOVOA_TEST_DB", "sqlite") != "sqlite":
        pytest.skip("two processes on loopback whatever A's database; checked in the SQLite pass")
    env = {
        **os.environ,
        "GOVOA_DATA_DIR": str(tmp_path / "b"),
        "DJANGO_SETTINGS_MODULE": "config.settings.embedded",
    }
    a_key = exchange_key(people.agency).public_key
    setup = subprocess.run(  # noqa: S603 — our own code
        [sys.executable, "-c", B_SETUP, B_AGENCY, people.agency.name, a_key],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    b_key = json.loads(setup.stdout.strip().splitlines()[-1])["public_key"]
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 — our own command
        [sys.executable, "-m", "govoa.cli", "run", "--no-demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "乙方部署未能启动"
                assert server.poll() is None, "乙方部署的进程已退出"
                time.sleep(0.5)
        yield type("B", (), {"base": base, "public_key": b_key})
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _issued(people) -> OutgoingDocument:
    document = draft(people)
    year = timezone.now().year
    OutgoingDocument.objects.filter(pk=document.pk).update(
        number=f"测发改发〔{year}〕9号",
        year=year,
        serial=9,
        signed_at=timezone.now(),
        signed_by=people.deputy,
    )
    document.refresh_from_db()
    return document


def _flip(content: bytes, at: int) -> bytes:
    changed = bytearray(content)
    changed[at] ^= 0x01
    return bytes(changed)


def test_a_package_crosses_to_another_deployment_and_its_receipt_comes_back(people, deployment_b):
    b = deployment_b
    to_b = exchange_peer_add(actor=people.sys_admin, name=B_AGENCY, public_key=b.public_key)
    document = _issued(people)
    sent, package = package_export(actor=people.registrar, document_id=document.pk, peer_id=to_b.pk)
    registrar = Browser(b.base)
    registrar.login("b.registrar")

    # One changed byte: B refuses it with the reason, and keeps nothing.
    tampered = _flip(package, len(package) // 2)
    status, page = registrar.upload(
        "/integration/exchange/import/", "package", "tampered.zip", tampered
    )
    assert status in (400, 422), status
    assert "交换包无效" in page
    token = _api(
        b.base,
        "POST",
        "/api/v1/auth/token",
        body={"username": "b.registrar", "password": TEST_PASSWORD},
    )["token"]
    assert _api(b.base, "GET", "/api/v1/work-items?state=open", token)["items"] == []

    # The real package arrives as a 收文 awaiting 签收 in B's registrar's 待办.
    status, page = registrar.upload(
        "/integration/exchange/import/", "package", f"{sent.package_id}.zip", package
    )
    assert status == 200
    assert f"已接收《{document.title}》" in page, page[-2000:]
    todo = _api(b.base, "GET", "/api/v1/work-items?state=open", token)["items"]
    assert [item["subject"]["title"] for item in todo] == [document.title]
    _api(b.base, "POST", f"/api/v1/work-items/{todo[0]['id']}/act", token, {"action": "approve"})

    # The signed receipt, downloaded from B's page, is imported by A.
    listing = registrar.get("/integration/exchange/")[1].decode()
    receipt_path = re.search(r'href="(/integration/exchange/\d+/receipt\.json)"', listing)
    assert receipt_path, "乙方页面上没有回执下载链接"
    status, receipt = registrar.get(receipt_path.group(1))
    assert status == 200
    receipted = receipt_import(actor=people.registrar, data=receipt)
    assert receipted.pk == sent.pk
    assert receipted.status == "receipted"
    assert receipted.receipt["receipt"]["signed_by"] == "乙收发员"
    assert receipted.receipt["receipt"]["manifest_sm3"] == sent.manifest_sm3
