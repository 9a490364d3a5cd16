import datetime
import decimal
import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_lazy

from govoa.audit.chain import (
    GENESIS,
    chain_batch,
    chain_pending,
    event_digest,
    link_hash,
)
from govoa.audit.checkpoints import checkpoint_create
from govoa.audit.models import AuditChainLink, AuditCheckpoint, AuditEvent, AuditPending, Outcome
from govoa.audit.services import audit_record
from govoa.audit.tests.tampering import record
from govoa.audit.verify import verify_chain

# Dates here meet the frozen today (FROZEN_NOW, 2026-11-16): the clock is named.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def _statements(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT"))
    ]


def test_events_are_chained_in_order_from_genesis():
    events = record(3)
    assert chain_pending() == 3
    links = list(AuditChainLink.objects.order_by("seq"))
    assert [link.event_id for link in links] == [e.pk for e in events]
    assert links[0].prev_hash == GENESIS
    assert links[1].prev_hash == links[0].hash
    stored = AuditEvent.objects.get(pk=events[2].pk)
    assert links[2].hash == link_hash(links[1].hash, event_digest(stored))
    assert not AuditPending.objects.exists()
    assert chain_pending() == 0  # nothing left, nothing linked twice


def test_an_event_committed_late_is_chained_after_the_ones_already_chained():
    first, second = record(2)
    # The second commits first: only it is queued when the chainer runs.
    AuditPending.objects.filter(event=first).delete()
    assert chain_pending() == 1
    AuditPending.objects.create(event=first, digest=event_digest(first))
    assert chain_pending() == 1
    order = list(AuditChainLink.objects.order_by("seq").values_list("event_id", flat=True))
    assert order == [second.pk, first.pk]
    assert verify_chain().ok


def test_batches_continue_the_chain_and_a_run_drains_the_queue():
    record(7)
    assert chain_batch(3) == 3
    assert AuditPending.objects.count() == 4
    assert chain_pending(batch_size=3) == 4
    assert list(AuditChainLink.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, 8)
    )
    assert verify_chain().ok


def test_record_costs_two_inserts_and_nothing_after_commit(
    django_capture_on_commit_callbacks,
):
    with (
        CaptureQueriesContext(connection) as captured,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
    ):
        audit_record(action="test.thing.touch", details={"n": 1})
    assert callbacks == []
    statements = _statements(captured)
    assert len(statements) == 2
    assert statements[0].startswith('INSERT INTO "audit_auditevent"')
    assert statements[1].startswith('INSERT INTO "audit_auditpending"')


def test_a_chainer_batch_is_five_statements_by_key():
    record(4)
    with CaptureQueriesContext(connection) as captured:
        chain_batch()
    statements = _statements(captured)
    if connection.vendor == "postgresql":
        assert "pg_advisory_xact_lock" in statements.pop(0)
    assert [s.split(" ")[0] for s in statements] == ["SELECT", "SELECT", "INSERT", "DELETE"]
    assert 'FROM "audit_auditpending" ORDER BY' in statements[0]
    assert 'FROM "audit_auditchainlink" ORDER BY 1 DESC LIMIT 1' in statements[1]


def test_the_digest_taken_when_written_matches_the_stored_row():
    """Verify recomputes the digest from the row as the database returns it: JSON details of
    every kind must hash the same before and after the round trip."""
    details = {
        "date": datetime.date(2026, 11, 16),
        "at": datetime.datetime(2026, 11, 16, 9, 30, 1, 123456, tzinfo=datetime.UTC),
        "money": decimal.Decimal("12.50"),
        "label": gettext_lazy("成功"),
        "big": 1e20,
        "whole": 3.0,
        "small": 1.5e-07,
        "ratio": 0.1,
        7: "int key",
        "nested": [{"b": 2, "a": [1, 2.5, None, True]}],
        "text": '引号"与\\反斜杠\n换行 😀',
    }
    event = audit_record(action="test.thing.touch", details=details)
    digest = AuditPending.objects.get(event=event).digest
    assert event_digest(AuditEvent.objects.get(pk=event.pk)) == digest
    chain_pending()
    assert verify_chain().ok


def test_record_takes_actor_object_and_outcome(people):
    event = audit_record(
        action="org.person.update",
        actor=people.sys_admin,
        obj=people.staff,
        outcome=Outcome.DENIED,
        details={"reason": "测试"},
    )
    assert event.actor_id == people.sys_admin.pk
    assert event.actor_name == "系统管理员"
    assert event.agency_id == people.agency.pk
    assert event.object_type == "org.person"
    assert event.object_id == str(people.staff.pk)
    assert event.outcome == "denied"


def _record_then_fail() -> None:
    with transaction.atomic():
        audit_record(action="test.thing.touch")
        raise RuntimeError("回滚")


def test_a_rolled_back_event_is_never_queued():
    with pytest.raises(RuntimeError, match="回滚"):
        _record_then_fail()
    assert not AuditEvent.objects.exists()
    assert not AuditPending.objects.exists()


@pytest.mark.postgres_only
def test_database_refuses_update_and_delete_on_postgresql():
    event = record(1)[0]
    chain_pending()
    checkpoint_create()
    with pytest.raises(DatabaseError, match="审计记录只允许追加"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor_name="x")
    with pytest.raises(DatabaseError, match="审计记录只允许追加"), transaction.atomic():
        AuditChainLink.objects.filter(event_id=event.pk).delete()
    with pytest.raises(DatabaseError, match="审计记录只允许追加"), transaction.atomic():
        AuditCheckpoint.objects.update(head_hash="0" * 64)
    with pytest.raises(DatabaseError, match="审计记录只允许追加"), transaction.atomic():
        AuditCheckpoint.objects.all().delete()
    with (
        pytest.raises(DatabaseError, match="审计记录只允许追加"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):  # raw SQL: the ORM's PROTECT would refuse before the database is asked
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_and_chainers_build_one_valid_chain():
    errors: list[BaseException] = []
    writing = threading.Event()
    writing.set()

    def writer(n: int) -> None:
        try:
            for i in range(25):
                with transaction.atomic():
                    audit_record(action="test.concurrent.write", details={"w": n, "i": i})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def chainer() -> None:
        try:
            while writing.is_set():
                chain_pending(batch_size=7)
                checkpoint_create()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    writers = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    chainers = [threading.Thread(target=chainer) for _ in range(2)]
    for t in writers + chainers:
        t.start()
    for t in writers:
        t.join()
    writing.clear()
    for t in chainers:
        t.join()
    assert errors == []
    chain_pending()
    result = verify_chain()
    assert result.ok, result.describe()
    assert result.checked == 150
    assert result.pending == 0
    assert result.table_count >= 1
    assert AuditChainLink.objects.count() == AuditEvent.objects.count() == 150
