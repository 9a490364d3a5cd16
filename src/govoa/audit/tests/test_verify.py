"""Verification detects every change, deletion, insertion and truncation (issue 8.3), and
writes nothing."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govoa.audit.chain import chain_pending, event_digest, link_hash
from govoa.audit.checkpoints import checkpoint_create
from govoa.audit.models import AuditChainLink, AuditEvent
from govoa.audit.tests.tampering import audit_tables, record, tamper
from govoa.audit.verify import verify_chain

# Dates here meet the frozen today (FROZEN_NOW, 2026-11-16): the clock is named.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def _chained(n: int, *, checkpoint: bool = True) -> list[AuditEvent]:
    events = record(n)
    chain_pending()
    if checkpoint:
        checkpoint_create()
    return events


def _broken(**expected):
    result = verify_chain()
    assert not result.ok, result.describe()
    for name, value in expected.items():
        if name == "reason":
            assert value in result.reason, result.describe()
        else:
            assert getattr(result, name) == value, result.describe()
    assert result.describe().startswith("BROKEN：")
    return result


def test_untouched_chain_verifies_ok():
    _chained(5)
    record(2)  # written, not chained yet: counted, not failed
    result = verify_chain()
    assert result.ok, result.describe()
    assert (result.checked, result.head_seq, result.pending) == (5, 5, 2)
    assert (result.table_count, result.file_count) == (1, 1)
    assert result.latest_checkpoint.seq == 5
    assert result.describe().startswith("OK：审计链完整，共 5 条")
    assert "待入链 2 条" in result.describe()


def test_an_empty_log_verifies_ok():
    assert verify_chain().ok


def test_edited_row_is_named():
    events = _chained(5)
    tamper("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["假冒", events[2].pk])
    _broken(broken_seq=3, broken_event_id=events[2].pk, reason="内容哈希不符")


def test_edited_details_are_detected():
    events = _chained(4)
    tamper("UPDATE audit_auditevent SET outcome = %s WHERE id = %s", ["failure", events[1].pk])
    _broken(broken_seq=2)


def test_a_row_edited_before_it_is_chained_is_detected():
    events = record(3)
    tamper("UPDATE audit_auditevent SET ip = %s WHERE id = %s", ["10.6.6.6", events[1].pk])
    _broken(broken_event_id=events[1].pk, reason="待入链事件的内容与写入时不符")
    chain_pending()  # chained with the digest taken when it was written
    _broken(broken_seq=2, broken_event_id=events[1].pk, reason="内容哈希不符")


def test_deleted_middle_row_is_detected():
    events = _chained(4)
    tamper("DELETE FROM audit_auditchainlink WHERE event_id = %s", [events[1].pk])
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    _broken(broken_seq=2, reason="缺少链节点")


def test_deleted_event_under_its_link_is_detected():
    events = _chained(3)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    _broken(broken_seq=2, broken_event_id=events[1].pk, reason="对应的审计事件已被删除")
    # The test database checks foreign keys when the test ends (SQLite): drop the orphan.
    tamper("DELETE FROM audit_auditchainlink WHERE event_id = %s", [events[1].pk])


def test_deleted_tail_after_a_checkpoint_is_detected():
    events = _chained(5)
    tamper("DELETE FROM audit_auditchainlink WHERE seq >= 4")
    tamper("DELETE FROM audit_auditevent WHERE id >= %s", [events[3].pk])
    _broken(broken_seq=5, reason="链尾被截断")


def test_deleted_tail_and_its_checkpoint_rows_are_caught_by_the_file():
    events = _chained(3)
    record(2)
    chain_pending()
    checkpoint_create()  # the table and the file now both hold #3 and #5
    tamper("DELETE FROM audit_auditcheckpoint WHERE seq = 5")
    tamper("DELETE FROM audit_auditchainlink WHERE seq >= 4")
    tamper("DELETE FROM audit_auditevent WHERE id > %s", [events[2].pk])
    _broken(broken_seq=5, reason="文件第 2 行")
    # The whole table, even: TRUNCATE passes the append-only trigger on PostgreSQL.
    vendor = connection.vendor
    tamper(
        "TRUNCATE audit_auditcheckpoint"
        if vendor == "postgresql"
        else "DELETE FROM audit_auditcheckpoint"
    )
    _broken(broken_seq=5, reason="链尾被截断")


def test_rewritten_tail_with_links_deleted_is_detected():
    events = _chained(5)
    tamper("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["假冒", events[2].pk])
    tamper("DELETE FROM audit_auditchainlink WHERE seq >= 3")
    _broken(broken_seq=5, reason="链尾被截断")


def test_rewritten_tail_with_links_deleted_before_any_checkpoint_is_detected():
    events = _chained(5, checkpoint=False)
    tamper("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["假冒", events[2].pk])
    tamper("DELETE FROM audit_auditchainlink WHERE seq >= 3")
    _broken(broken_event_id=events[2].pk, reason="既未入链也不在待入链队列中")


def test_rewritten_tail_rechained_by_the_intruder_is_detected():
    """The intruder edits an event, deletes the links from it onwards and queues the events
    again with fresh digests, so the chainer builds a valid-looking new tail."""
    events = _chained(5)
    tamper("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["假冒", events[2].pk])
    tamper("DELETE FROM audit_auditchainlink WHERE seq >= 3")
    for event in AuditEvent.objects.filter(pk__gte=events[2].pk).order_by("pk"):
        tamper(
            "INSERT INTO audit_auditpending (event_id, digest) VALUES (%s, %s)",
            [event.pk, event_digest(event)],
        )
    assert chain_pending() == 3
    _broken(broken_seq=5, reason="与数据库的检查点不符")


def test_inserted_event_is_detected():
    _chained(3)
    tamper(
        "INSERT INTO audit_auditevent (occurred_at, actor_name, ip, action, object_type,"
        " object_id, object_repr, outcome, details)"
        " VALUES ('2026-01-01 08:00:00+00:00', '伪造', '', 'org.person.update', '', '', '',"
        " 'success', '{}')"
    )
    forged = AuditEvent.objects.get(actor_name="伪造")
    _broken(broken_event_id=forged.pk, reason="既未入链也不在待入链队列中")


def test_link_inserted_in_the_middle_is_detected():
    events = _chained(4, checkpoint=False)
    links = list(AuditChainLink.objects.order_by("seq"))
    forged = record(1)[0]
    tamper("DELETE FROM audit_auditpending")
    tamper("DELETE FROM audit_auditchainlink WHERE seq >= 3")
    forged_hash = link_hash(links[1].hash, event_digest(AuditEvent.objects.get(pk=forged.pk)))
    rows = [(3, forged.pk, links[1].hash, forged_hash)]
    rows += [(link.seq + 1, link.event_id, link.prev_hash, link.hash) for link in links[2:]]
    for row in rows:
        tamper(
            "INSERT INTO audit_auditchainlink (seq, event_id, prev_hash, hash, chained_at)"
            " VALUES (%s, %s, %s, %s, CURRENT_TIMESTAMP)",
            list(row),
        )
    _broken(broken_seq=4, broken_event_id=events[2].pk, reason="前一哈希不符")


def test_rewritten_link_hash_is_detected():
    _chained(3)
    tamper("UPDATE audit_auditchainlink SET hash = %s WHERE seq = 2", ["f" * 64])
    _broken(broken_seq=2)


def test_forged_checkpoint_is_detected():
    _chained(3)
    tamper(
        "INSERT INTO audit_auditcheckpoint (seq, head_hash, created_at, mac)"
        " VALUES (9, %s, CURRENT_TIMESTAMP, %s)",
        ["a" * 64, "b" * 64],
    )
    _broken(broken_seq=9, reason="数据库的检查点签名无效")


def test_forged_line_in_the_checkpoint_file_is_detected(audit_checkpoint_file):
    _chained(3)
    with audit_checkpoint_file.open("a") as file:
        line = {"seq": 2, "hash": "c" * 64, "at": "2026-11-16T01:30:00.000000+00:00"}
        file.write(json.dumps({**line, "mac": "d" * 64}) + "\n")
    _broken(broken_seq=2, reason="文件第 2 行的检查点签名无效")


def test_garbled_checkpoint_file_is_detected(audit_checkpoint_file):
    _chained(2)
    with audit_checkpoint_file.open("a") as file:
        file.write("not json\n")
    _broken(reason="文件第 2 行格式错误")


def test_unreadable_checkpoint_file_is_reported(settings, tmp_path, client, people):
    _chained(2)
    settings.GOVOA_AUDIT_CHECKPOINT_FILE = tmp_path  # a directory: it cannot be read as a file
    _broken(reason="检查点文件无法读取")
    client.force_login(people.audit_admin)
    assert "检查点文件尚无记录" in client.get("/audit/checkpoints/").content.decode()


def test_verify_is_read_only(audit_checkpoint_file):
    _chained(4)
    record(3)  # queued, not chained: verify must leave them queued
    tables = audit_tables()
    file_before = audit_checkpoint_file.read_bytes()
    with CaptureQueriesContext(connection) as captured:
        result = verify_chain(chunk=2)  # several chunks
    assert result.ok
    assert result.pending == 3
    statements = [q["sql"].split(" ")[0].upper() for q in captured.captured_queries]
    assert set(statements) == {"SELECT"}
    assert audit_tables() == tables
    assert audit_checkpoint_file.read_bytes() == file_before


def test_audit_verify_command_prints_ok_or_the_broken_row(capsys):
    events = _chained(3)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert out.startswith("OK：审计链完整，共 3 条")
    assert "核对检查点：数据库 1 个、文件 1 个" in out
    tamper("UPDATE audit_auditevent SET ip = %s WHERE id = %s", ["10.0.0.66", events[0].pk])
    with pytest.raises(CommandError, match="第 1 条") as excinfo:
        call_command("audit_verify")
    assert f"审计事件 #{events[0].pk}" in str(excinfo.value)
