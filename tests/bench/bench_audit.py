"""Audit chain throughput with a small and a large log (issue 23.1): writing events
(``audit_record``, each in its own committed transaction) and chaining them (the chainer's
batches) must cost the same per event with 1,000 and with 1,000,000 events already logged.

The machine is shared, so the two sizes are measured in alternating rounds: the large log is
in the usual tables, the small one in a copy of them in another schema, chosen per round with
``search_path``; each figure is the best of its rounds."""

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

from govoa.audit.chain import chain_head, chain_pending
from govoa.audit.models import AuditPending
from govoa.audit.services import audit_record
from govoa.audit.tests.large_log import fill_log

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

ROUNDS = 7
SMALL = "bench_small_log"
TABLES = ["audit_auditevent", "audit_auditchainlink", "audit_auditpending", "audit_auditcheckpoint"]


def _execute(*statements: str) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@contextmanager
def small_log_schema() -> Iterator[None]:
    """A copy of the audit tables (indexes, foreign keys) in schema ``SMALL``."""
    _execute(f"DROP SCHEMA IF EXISTS {SMALL} CASCADE", f"CREATE SCHEMA {SMALL}")
    _execute(
        *(f"CREATE TABLE {SMALL}.{t} (LIKE public.{t} INCLUDING ALL)" for t in TABLES),
        *(
            f"ALTER TABLE {SMALL}.{t} ADD FOREIGN KEY (event_id) REFERENCES"
            f" {SMALL}.audit_auditevent (id) DEFERRABLE INITIALLY DEFERRED"
            for t in ("audit_auditchainlink", "audit_auditpending")
        ),
    )
    try:
        yield
    finally:
        _execute("SET search_path TO public", f"DROP SCHEMA {SMALL} CASCADE")


def _use(schema: str) -> None:
    _execute(f"SET search_path TO {schema}, public")


def _per_second(count: int, action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return count / (time.perf_counter() - started)


def _write(count: int) -> None:
    for i in range(count):
        with transaction.atomic():
            audit_record(action="bench.thing.touch", details={"i": i})


def _gap(a: float, b: float) -> float:
    return round(abs(a - b) / max(a, b) * 100, 1)


def test_audit_chain_costs_the_same_with_a_small_and_a_large_log(bench_size, report):
    if connection.vendor != "postgresql":
        pytest.skip("大日志用 PostgreSQL 的 generate_series 生成；SQLite 上不测")
    sizes = {"public": bench_size(1_000_000, 20_000), SMALL: 1_000}
    count = bench_size(2_000, 100)
    writes: dict[str, list[float]] = {SMALL: [], "public": []}
    chains: dict[str, list[float]] = {SMALL: [], "public": []}
    with small_log_schema():
        for schema, size in sizes.items():
            _use(schema)
            fill_log(size)
        for _ in range(ROUNDS):
            for schema in sizes:
                _use(schema)
                writes[schema].append(_per_second(count, lambda: _write(count)))
                chains[schema].append(_per_second(count, chain_pending))
        for schema, size in sizes.items():  # every event written was chained after the log
            _use(schema)
            assert chain_head()[0] == size + ROUNDS * count
            assert not AuditPending.objects.exists()
    small, large = sizes[SMALL], sizes["public"]
    write = {schema: max(rates) for schema, rates in writes.items()}
    chain = {schema: max(rates) for schema, rates in chains.items()}
    figures: dict[str, object] = {
        "events_per_round": count,
        "rounds": ROUNDS,
        f"record_per_s_at_{small}": round(write[SMALL], 1),
        f"record_per_s_at_{large}": round(write["public"], 1),
        "record_gap_pct": _gap(write[SMALL], write["public"]),
        f"chain_per_s_at_{small}": round(chain[SMALL], 1),
        f"chain_per_s_at_{large}": round(chain["public"], 1),
        "chain_gap_pct": _gap(chain[SMALL], chain["public"]),
    }
    gaps = (_gap(write[SMALL], write["public"]), _gap(chain[SMALL], chain["public"]))
    figures["within_10_pct"] = max(gaps) <= 10
    report("audit_chain", figures)
