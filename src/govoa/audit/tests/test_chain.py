import threading
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from govoa.audit.chain import GENESIS, chain_pending, link_hash, verify_chain
from govoa.audit.models import AuditChainLink, AuditEvent, Outcome
from govoa.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _record(n: int) -> list[AuditEvent]:
    return [
        audit_record(action="test.thing.touch", details={"n": i, "文字": "中文"}) for i in range(n)
    ]


def _tamper(sql: str, params: list[Any]) -> None:
    """Change a row the way an intruder with database access would: on PostgreSQL the
    append-only trigger must be switched off first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # a superuser can switch triggers off
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def test_events_are_chained_in_order_from_genesis():
    events = _record(3)
    assert chain_pending() == 3
    links = list(AuditChainLink.objects.order_by("seq"))
    assert [link.event_id for link in links] == [e.pk for e in events]
    assert links[0].prev_hash == GENESIS
    assert links[1].prev_hash == links[0].hash
    assert links[2].hash == link_hash(links[1].hash, AuditEvent.objects.get(pk=events[2].pk))
    assert chain_pending() == 0  # nothing left, nothing linked twice


def test_untouched_chain_verifies_ok():
    _record(5)
    result = verify_chain()
    assert result.ok
    assert result.checked == 5
    assert result.describe().startswith("OK")


def test_changed_event_is_named():
    events = _record(5)
    chain_pending()
    _tamper("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["假冒", events[2].pk])
    result = verify_chain()
    assert not result.ok
    assert result.broken_seq == 3
    assert result.broken_event_id == events[2].pk
    assert "内容哈希不符" in result.describe()


def test_changed_details_are_detected():
    events = _record(4)
    chain_pending()
    _tamper("UPDATE audit_auditevent SET outcome = %s WHERE id = %s", ["failure", events[1].pk])
    assert verify_chain().broken_seq == 2


def test_deleted_event_and_link_break_the_chain():
    events = _record(4)
    chain_pending()
    _tamper("DELETE FROM audit_auditchainlink WHERE event_id = %s", [events[1].pk])
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    result = verify_chain()
    assert not result.ok
    assert result.broken_seq == 2
    assert "缺少链节点" in result.reason


def test_rewritten_link_is_detected():
    _record(3)
    chain_pending()
    _tamper("UPDATE audit_auditchainlink SET hash = %s WHERE seq = 2", ["f" * 64])
    result = verify_chain()
    assert not result.ok
    assert result.broken_seq in (2, 3)


def test_audit_verify_command_prints_ok_or_the_broken_row(capsys):
    events = _record(3)
    call_command("audit_verify")
    assert capsys.readouterr().out.startswith("OK")
    _tamper("UPDATE audit_auditevent SET ip = %s WHERE id = %s", ["10.0.0.66", events[0].pk])
    with pytest.raises(CommandError, match="第 1 条") as excinfo:
        call_command("audit_verify")
    assert f"审计事件 #{events[0].pk}" in str(excinfo.value)


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


@pytest.mark.postgres_only
def test_database_refuses_update_and_delete_on_postgresql():
    event = _record(1)[0]
    chain_pending()
    with pytest.raises(DatabaseError, match="审计记录只允许追加"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor_name="x")
    with pytest.raises(DatabaseError, match="审计记录只允许追加"), transaction.atomic():
        AuditChainLink.objects.filter(event_id=event.pk).delete()
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

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():  # chains on commit, racing the other writers
                    audit_record(action="test.concurrent.write", details={"w": n, "i": i})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = verify_chain()
    assert result.ok, result.describe()
    assert result.checked == 80
    assert AuditChainLink.objects.count() == AuditEvent.objects.count() == 80
