import hmac
import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from govoa.audit.chain import chain_head, chain_pending
from govoa.audit.checkpoints import checkpoint_create, latest_in_file, utc_text
from govoa.audit.models import AuditCheckpoint, AuditPending
from govoa.audit.tasks import chain_audit_events, checkpoint_audit_chain
from govoa.audit.tests.tampering import record, tamper
from govoa.audit.verify import verify_chain
from govoa.core.management.commands.scheduler import run_due_jobs

pytestmark = pytest.mark.django_db


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_checkpoint_signs_the_head_in_the_table_and_the_file(audit_checkpoint_file, settings):
    assert checkpoint_create() is None  # an empty chain has no head to sign
    record(3)
    assert checkpoint_create() is None  # nothing chained yet
    chain_pending()
    checkpoint = checkpoint_create()
    assert (checkpoint.seq, checkpoint.head_hash) == chain_head()
    at = utc_text(checkpoint.created_at)
    message = f"{checkpoint.seq}\n{checkpoint.head_hash}\n{at}".encode()
    key = settings.GOVOA_AUDIT_KEY.encode()
    assert checkpoint.mac == hmac.new(key, message, "sm3").hexdigest()
    assert _lines(audit_checkpoint_file) == [
        {"seq": 3, "hash": checkpoint.head_hash, "at": at, "mac": checkpoint.mac}
    ]
    assert latest_in_file().seq == 3


def test_a_checkpoint_is_written_only_when_the_head_moved(audit_checkpoint_file):
    record(2)
    chain_pending()
    assert checkpoint_create().seq == 2
    assert checkpoint_create() is None
    record(1)
    chain_pending()
    assert checkpoint_create().seq == 3
    assert [line["seq"] for line in _lines(audit_checkpoint_file)] == [2, 3]
    assert list(AuditCheckpoint.objects.values_list("seq", flat=True).order_by("seq")) == [2, 3]


def test_a_cut_chain_is_not_signed():
    record(3)
    chain_pending()
    checkpoint_create()
    tamper("DELETE FROM audit_auditchainlink WHERE seq = 3")
    tamper("DELETE FROM audit_auditevent WHERE id = (SELECT max(id) FROM audit_auditevent)")
    assert checkpoint_create() is None
    assert not verify_chain().ok


def test_checkpoints_signed_under_another_key_do_not_verify(settings):
    record(2)
    chain_pending()
    checkpoint_create()
    settings.GOVOA_AUDIT_KEY = "another-key-of-enough-length"
    result = verify_chain()
    assert not result.ok
    assert "数据库的检查点签名无效" in result.reason


@pytest.mark.parametrize("key", ["", "short"])
def test_a_missing_or_short_key_is_refused_in_chinese(settings, key):
    settings.GOVOA_AUDIT_KEY = key
    record(1)
    chain_pending()
    with pytest.raises(ImproperlyConfigured, match="GOVOA_AUDIT_KEY"):
        checkpoint_create()


def test_when_the_file_cannot_be_written_no_checkpoint_is_recorded(settings, tmp_path):
    settings.GOVOA_AUDIT_CHECKPOINT_FILE = tmp_path  # a directory: opening it fails
    record(1)
    chain_pending()
    with pytest.raises(IsADirectoryError):
        checkpoint_create()
    assert not AuditCheckpoint.objects.exists()


def test_the_tasks_chain_and_sign():
    record(4)
    assert chain_audit_events.call() == 4
    record(1)
    assert checkpoint_audit_chain.call() == 5  # chains the fifth, then signs it
    assert not AuditPending.objects.exists()


def test_the_scheduler_runs_the_chainer_every_few_seconds_and_signs_every_minute(settings):
    jobs = dict(settings.GOVOA_PERIODIC_JOBS)
    assert jobs["govoa.audit.tasks.chain_audit_events"] <= 10
    assert jobs["govoa.audit.tasks.checkpoint_audit_chain"] <= 60
    settings.GOVOA_PERIODIC_JOBS = [
        (path, interval) for path, interval in jobs.items() if path.startswith("govoa.audit.")
    ]
    record(3)
    run_due_jobs()  # the test settings run tasks at once
    result = verify_chain()
    assert result.ok
    assert (result.checked, result.pending) == (3, 0)
    assert result.latest_checkpoint.seq == 3
