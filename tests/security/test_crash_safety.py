"""Crash safety on PostgreSQL: the production server (``govoa serve``, gunicorn workers)
registers 收文 under a write load from several clients and is killed with SIGKILL, master
and workers at once, mid-load; then restarted and killed again. Afterwards:

- nothing acknowledged is lost: every registration answered 201 is in the database with the
  number it was given;
- no half-applied act: every document has its flow, its first work item and its audit event,
  and no flow, item or event exists without its document;
- no gap in numbering: the serials of the year are 1..N;
- the audit chain verifies."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from govoa.audit.chain import chain_pending
from govoa.audit.verify import verify_chain
from govoa.testing.factories import TEST_PASSWORD
from tests.deploy.test_serve import production_env
from tests.e2e.test_make_run import _free_port, _wait_for

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
ITERATIONS = 3
CLIENTS = 4
# Acknowledged registrations per iteration before the kill (the kill then lands mid-load).
BEFORE_KILL = 12


def _start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 — our own command
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
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: one SIGKILL takes master and workers
    )


class Load:
    """Clients registering 收文 until told to stop; remembers what the server acknowledged."""

    def __init__(self, base: str, token: str):
        self.base, self.token = base, token
        self.acknowledged: dict[int, str] = {}
        self.sent = 0
        self.errors = 0
        self.refused = ""
        self.in_flight = 0
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def run(self, client: int) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.token}"
        n = 0
        while not self.stop.is_set():
            n += 1
            data = {
                "source_org": "某市财政局",
                "title": f"关于压力测试第{client}-{n}号来文的通知",
                "doc_type": "notice",
                "source_number": f"财{client}〔2026〕{n}号",
            }
            with self.lock:
                self.in_flight += 1
            try:
                answer = session.post(
                    f"{self.base}/api/v1/incoming-documents", data=data, timeout=20
                )
            except requests.RequestException:
                with self.lock:
                    self.errors += 1
                    self.in_flight -= 1
                time.sleep(0.05)
                continue
            with self.lock:
                self.in_flight -= 1
                self.sent += 1
                if answer.status_code == 201:
                    body = answer.json()
                    self.acknowledged[body["id"]] = body["number"]
                else:
                    self.refused = f"{answer.status_code} {answer.text[:300]}"


@pytest.mark.django_db(transaction=True)
def test_sigkill_during_a_write_load_loses_nothing_and_leaves_nothing_half_done(
    people, tmp_path, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("the production server runs on PostgreSQL; checked in the PostgreSQL pass")
    # The server runs on the real clock: its own token, under the production hasher.
    people.registrar.password = make_password(TEST_PASSWORD, hasher="pbkdf2_sm3")
    people.registrar.must_change_password = False
    people.registrar.password_changed_at = timezone.now()
    people.registrar.save(update_fields=["password", "must_change_password", "password_changed_at"])
    env = {**production_env(tmp_path), "GOVOA_API_RATE_PER_MINUTE": "0"}
    env["GOVOA_AUDIT_KEY"] = settings.GOVOA_AUDIT_KEY
    env["GOVOA_AUDIT_CHECKPOINT_FILE"] = str(settings.GOVOA_AUDIT_CHECKPOINT_FILE)
    subprocess.run(
        [sys.executable, "-m", "govoa.cli", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    load = Load(base, "")
    clients = [threading.Thread(target=load.run, args=(i,), daemon=True) for i in range(CLIENTS)]
    kills = 0
    cut_off = 0
    server = _start(env, port)
    try:
        _wait_for(f"{base}/accounts/login/", 120)
        answer = requests.post(
            f"{base}/api/v1/auth/token",
            json={"username": "registrar", "password": TEST_PASSWORD, "name": "压力测试"},
            timeout=60,
        )
        assert answer.status_code == 201, answer.text
        load.token = answer.json()["token"]
        for thread in clients:
            thread.start()
        for _ in range(ITERATIONS):
            target = len(load.acknowledged) + BEFORE_KILL
            deadline = time.monotonic() + 120
            while len(load.acknowledged) < target and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(load.acknowledged) >= target, f"no acknowledgement: {load.refused}"
            with load.lock:
                cut_off += load.in_flight  # requests the kill lands in the middle of
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
            kills += 1
            server = _start(env, port)
            _wait_for(f"{base}/accounts/login/", 120)
        time.sleep(1)  # a little more load on the restarted server
    finally:
        load.stop.set()
        for thread in clients:
            if thread.is_alive():
                thread.join(timeout=30)
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)

    from govoa.audit.models import AuditEvent, Outcome
    from govoa.flow.models import FlowInstance, WorkItem
    from govoa.incoming.models import IncomingDocument

    documents = dict(IncomingDocument.objects.values_list("pk", "number"))
    lost = {pk: n for pk, n in load.acknowledged.items() if documents.get(pk) != n}
    assert not lost, f"acknowledged but lost: {lost}"
    serials = sorted(IncomingDocument.objects.values_list("serial", flat=True))
    assert serials == list(range(1, len(serials) + 1)), "a gap in the 收文 numbers"
    flows = set(
        FlowInstance.objects.filter(subject_type="incoming.incomingdocument").values_list(
            "subject_id", flat=True
        )
    )
    assert flows == set(documents), "a document without its flow, or a flow without document"
    with_items = set(
        WorkItem.objects.filter(instance__subject_type="incoming.incomingdocument").values_list(
            "instance__subject_id", flat=True
        )
    )
    assert with_items == set(documents), "a flow without its first work item"
    audited = {
        int(i)
        for i in AuditEvent.objects.filter(
            action="incoming.document.register", outcome=Outcome.SUCCESS
        ).values_list("object_id", flat=True)
    }
    assert audited == set(documents), "a registration without its audit event, or the reverse"
    assert cut_off > 0, "no request was in flight at any kill: the kills proved nothing"
    chain_pending()
    result = verify_chain()
    assert result.ok, result.describe()
    print(
        f"崩溃安全：{kills} 次 SIGKILL，{load.sent} 次登记请求应答，"
        f"{len(load.acknowledged)} 件确认登记全部在库，编号 1–{len(serials)} 连续，"
        f"被杀时在途请求 {cut_off} 个，连接中断 {load.errors} 次，审计链完整"
    )
