"""Audit chain cost with a small and a large log (issue 23.1): writing events
(``audit_record``, each in its own committed transaction) and chaining them (the chainer's
batches) must cost the same per event with 1,000 and with 1,000,000 events already logged.

The machine is shared (two cores, several test suites at once), so:
- the two sizes are measured in pairs, one right after the other (50 events written, or one
  chainer batch of 500, each), in alternating order: the large log is in the usual tables, the
  small one in a copy of them in another schema, chosen with ``search_path``. The machine's
  speed jumps with its neighbours' load (the same work takes 100 or 170 ms of CPU); within a
  pair it is most often the same, so the comparison is the median of the pairs' ratios;
- the comparison is on CPU time per event, this process's plus its PostgreSQL backend's
  (``/proc/<pid>/schedstat``, in nanoseconds), as issue 23 measured "PostgreSQL CPU per flow":
  the wall clock of a commit is mostly the disk's flush, the same at any size and at the mercy
  of the neighbours' I/O. Wall-clock throughput is reported too;
- each step is measured like ``timeit``, with Python's cyclic garbage collector off; the
  figures per size are medians over the rounds."""

import functools
import gc
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone

from govoa.audit.chain import BATCH_SIZE, chain_batch, chain_head, chain_pending, event_digest
from govoa.audit.checkpoints import checkpoint_create
from govoa.audit.models import AuditEvent, AuditPending
from govoa.audit.services import audit_record
from govoa.audit.tests.large_log import fill_log
from govoa.audit.verify import verify_chain

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

SMALL = "bench_small_log"
RECORD_SLICE = 50
TABLES = ["audit_auditevent", "audit_auditchainlink", "audit_auditpending", "audit_auditcheckpoint"]


def _execute(*statements: str) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@contextmanager
def small_log_schema() -> Iterator[None]:
    """A copy of the audit tables (indexes, foreign keys) in schema ``SMALL``.

    Autovacuum is off on both copies while they are measured: the small log grows thirtyfold
    during the rounds, so autovacuum would keep working on it (and only on it) beside the
    measured process, on a machine of two cores."""
    _execute(f"DROP SCHEMA IF EXISTS {SMALL} CASCADE", f"CREATE SCHEMA {SMALL}")
    _execute(
        *(f"CREATE TABLE {SMALL}.{t} (LIKE public.{t} INCLUDING ALL)" for t in TABLES),
        *(
            f"ALTER TABLE {SMALL}.{t} ADD FOREIGN KEY (event_id) REFERENCES"
            f" {SMALL}.audit_auditevent (id) DEFERRABLE INITIALLY DEFERRED"
            for t in ("audit_auditchainlink", "audit_auditpending")
        ),
        *(
            f"ALTER TABLE {schema}.{t} SET (autovacuum_enabled = false)"
            for schema in (SMALL, "public")
            for t in TABLES
        ),
    )
    try:
        yield
    finally:
        _execute(
            "SET search_path TO public",
            f"DROP SCHEMA {SMALL} CASCADE",
            *(f"ALTER TABLE public.{t} RESET (autovacuum_enabled)" for t in TABLES),
        )


def _use(schema: str) -> None:
    _execute(f"SET search_path TO {schema}, public")


def _cpu_ns() -> int:
    """CPU time used so far by this process and by its PostgreSQL backend (same machine)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    backend = int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    return time.process_time_ns() + backend


def _measure(count: int, action: Callable[[], object]) -> tuple[float, float]:
    """(events per second, CPU milliseconds per event) of ``action`` over ``count`` events."""
    gc.collect()
    gc.disable()
    try:
        cpu, wall = _cpu_ns(), time.perf_counter()
        action()
        wall = time.perf_counter() - wall
        cpu = _cpu_ns() - cpu
    finally:
        gc.enable()
    return count / wall, cpu / count / 1e6


def _write(count: int) -> None:
    for i in range(count):
        with transaction.atomic():
            audit_record(action="bench.thing.touch", details={"i": i})


@transaction.atomic
def _queue(count: int) -> None:
    """More events for the chainer, written in one transaction (not measured)."""
    for i in range(count):
        audit_record(action="bench.thing.queue", details={"i": i})


def _gap_pct(small: list[float], large: list[float]) -> float:
    """How far the large log's cost is from the small one's: the median ratio of the pairs."""
    ratio = statistics.median(b / a for a, b in zip(small, large, strict=True))
    return round(abs(ratio - 1) * 100, 1)


def test_audit_chain_costs_the_same_with_a_small_and_a_large_log(bench_size, report):
    if connection.vendor != "postgresql":
        pytest.skip("大日志用 PostgreSQL 的 generate_series 生成；SQLite 上不测")
    sizes = {SMALL: 1_000, "public": bench_size(1_000_000, 5_000)}
    # The chainer's pairs are whole batches: ``chained`` is a multiple of BATCH_SIZE.
    rounds, records, chained = bench_size(15, 2), bench_size(300, 50), bench_size(2_000, 500)
    runs: dict[tuple[str, str], list[tuple[float, float]]] = {
        (step, schema): [] for step in ("record", "chain") for schema in sizes
    }
    with small_log_schema():
        for schema, size in sizes.items():
            _use(schema)
            fill_log(size)
        for n in range(rounds):
            order = list(sizes)[:: 1 if n % 2 else -1]
            for _ in range(records // RECORD_SLICE):
                for schema in order:
                    _use(schema)
                    write = functools.partial(_write, RECORD_SLICE)
                    runs["record", schema].append(_measure(RECORD_SLICE, write))
            for schema in order:
                _use(schema)
                _queue(chained - records)
            for _ in range(chained // BATCH_SIZE):
                for schema in order:
                    _use(schema)
                    runs["chain", schema].append(_measure(BATCH_SIZE, chain_batch))
        for schema, size in sizes.items():  # every event written was chained after the log
            _use(schema)
            assert chain_head()[0] == size + rounds * chained
            assert not AuditPending.objects.exists()
    figures: dict[str, object] = {"rounds": rounds, "records": records, "chained": chained}
    gaps = []
    for step in ("record", "chain"):
        cpu = {}
        for schema, size in sizes.items():
            rates, cpu[schema] = zip(*runs[step, schema], strict=True)
            figures[f"{step}_per_s_at_{size}"] = round(statistics.median(rates), 1)
            figures[f"{step}_cpu_ms_at_{size}"] = round(statistics.median(cpu[schema]), 4)
        gaps.append(_gap_pct(cpu[SMALL], cpu["public"]))
        figures[f"{step}_cpu_gap_pct"] = gaps[-1]
    figures["within_10_pct"] = max(gaps) <= 10
    report("audit_chain", figures)


def test_verify_throughput(bench_size, report):
    """How long ``govoa audit-verify`` takes: a valid chain, walked and checked whole."""
    count = bench_size(100_000, 1_000)
    now = timezone.now()
    events = AuditEvent.objects.bulk_create(
        (
            AuditEvent(occurred_at=now, action="bench.verify.x", details={"i": i})
            for i in range(count)
        ),
        batch_size=2_000,
    )
    AuditPending.objects.bulk_create(
        (AuditPending(event_id=e.pk, digest=event_digest(e)) for e in events), batch_size=2_000
    )
    assert chain_pending(batch_size=2_000) == count
    checkpoint_create()
    started = time.perf_counter()
    result = verify_chain()
    elapsed = time.perf_counter() - started
    assert result.ok, result.describe()
    assert result.checked == count
    report(
        "audit_verify",
        {
            "database": connection.vendor,
            "events": count,
            "seconds": round(elapsed, 2),
            "events_per_s": round(count / elapsed),
        },
    )
