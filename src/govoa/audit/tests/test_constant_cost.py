"""Chaining costs the same whatever the size of the log (issue 23.1): with 1,000 and with
1,000,000 audit events the act, one chainer batch and one checkpoint run the same statements
with the same plans, and every read of a log table goes through an index."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from govoa.audit.chain import chain_batch
from govoa.audit.checkpoints import checkpoint_create
from govoa.audit.services import audit_record
from govoa.audit.tests.large_log import fill_log
from govoa.audit.tests.tampering import record

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow, pytest.mark.django_db]

# The tables that grow with the log. The queue (audit_auditpending) holds only the events
# not chained yet, a few hundred at most whatever the log's size: the planner may read its
# page or two directly, the same at any size (the plans are compared below).
LOG_TABLES = ("audit_auditevent", "audit_auditchainlink", "audit_auditcheckpoint")


def _statements(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def normalised(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    # psycopg types a literal integer by its size (int2, int4, int8): the same parameter.
    sql = re.sub(r"\?::int[248](\[\])?", r"?::int\1", sql)
    return re.sub(r"\((?:\?|, )+\)", "(…)", sql)


def plan(sql: str) -> list[str]:
    """EXPLAIN's node lines without costs (nothing is executed)."""
    if "pg_advisory_xact_lock" in sql:
        return []
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        lines = [row[0] for row in cursor.fetchall()]
    return [normalised(re.sub(r"\s*\(cost=.*\)$", "", line).strip()) for line in lines]


def profile(n: int, django_capture_on_commit_callbacks) -> dict[str, list[str]]:
    fill_log(n)
    record(5)  # queued for the chainer
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditpending")
    with (
        CaptureQueriesContext(connection) as act,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        audit_record(action="org.person.update", details={"field": "phone"})
    with CaptureQueriesContext(connection) as batch:
        assert chain_batch() == 6
    with CaptureQueriesContext(connection) as checkpoint:
        assert checkpoint_create().seq == n + 6
    return {
        "act": _statements(act),
        "chainer batch": _statements(batch),
        "checkpoint": _statements(checkpoint),
    }


def test_statements_and_plans_are_the_same_at_1k_and_1m_events(
    django_capture_on_commit_callbacks,
):
    small = profile(1_000, django_capture_on_commit_callbacks)
    small_plans = {step: [plan(sql) for sql in sqls] for step, sqls in small.items()}
    large = profile(1_000_000, django_capture_on_commit_callbacks)
    large_plans = {step: [plan(sql) for sql in sqls] for step, sqls in large.items()}

    assert len(small["act"]) == 2  # the event and its place in the queue; nothing after commit
    assert len(small["chainer batch"]) == 5
    for step in small:
        assert [normalised(s) for s in small[step]] == [normalised(s) for s in large[step]], step
        assert small_plans[step] == large_plans[step], step
        for sql, lines in zip(large[step], large_plans[step], strict=True):
            text = "\n".join(lines)
            for table in LOG_TABLES:
                assert f"Seq Scan on {table}" not in text, (step, sql, text)
            reads_log = sql.startswith("SELECT") and any(t in sql for t in LOG_TABLES)
            if reads_log:
                assert "Index" in text, (step, sql, text)
