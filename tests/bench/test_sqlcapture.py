"""The benchmark's SQL capture: every response says how many statements it ran, and timing
them again on request changes nothing in the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govoa.audit.models import AuditEvent
from tests.bench.http.sqlcapture import CONTROL, time_statements


@pytest.fixture
def bench_middleware(settings):
    settings.MIDDLEWARE = ["tests.bench.http.sqlcapture.BenchSQLMiddleware", *settings.MIDDLEWARE]
    return settings


def test_responses_count_their_statements_and_time_them_on_request(
    client, people, bench_middleware
):
    client.force_login(people.staff)
    client.get("/")  # the session's first use writes it; count a steady page
    with CaptureQueriesContext(connection) as queries:
        plain = client.get("/")
    ran = [q for q in queries.captured_queries if not CONTROL.match(q["sql"])]
    assert int(plain["X-Bench-Statements"]) == len(ran)
    assert "X-Bench-SQL-Ms" not in plain
    timed = client.get("/", headers={"X-Bench-SQL-Time": "1"})
    assert int(timed["X-Bench-Statements"]) == len(ran)
    assert float(timed["X-Bench-SQL-Ms"]) > 0


def test_timing_statements_again_keeps_nothing(db):
    before = AuditEvent.objects.count()
    insert = (
        "INSERT INTO audit_auditevent (occurred_at, actor_name, ip, action, object_type, "
        "object_id, object_repr, outcome, details) "
        "VALUES (%s, '', '', 'bench.test', '', '', '', 'success', '{}')"
    )
    from django.utils import timezone

    ms = time_statements([(insert, [timezone.now()], False)], repeat=3)
    assert ms > 0
    assert AuditEvent.objects.count() == before
