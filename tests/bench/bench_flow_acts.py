"""Throughput of work-item acts (lock, route, open the next items, trail, audit, notify)."""

import threading
import time

import pytest
from django.db import connection

from govoa.flow.services.acts import work_item_act
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]


def _started(people, cast, count):
    items = []
    for n in range(count):
        instance = start_memo(people, make_memo(people, cast, title=f"基准测试件{n}"))
        items.append(open_items(instance)[0])
    return items


def test_act_throughput(people, bench_size, report, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    cast = memo_cast(people)
    count = bench_size(400, 20)
    items = _started(people, cast, count)
    started = time.perf_counter()
    for item in items:
        work_item_act(actor=people.dept_head, item_id=item.pk, action="approve", opinion="同意")
    serial = time.perf_counter() - started

    figures = {
        "database": connection.vendor,
        "acts": count,
        "serial_acts_per_s": round(count / serial, 1),
        "serial_ms_per_act": round(serial / count * 1000, 2),
    }
    if connection.vendor != "postgresql":
        # The test database of SQLite lives in shared-cache memory, which locks whole tables:
        # concurrent writers there measure the test harness, not GovOA.
        report("flow_acts", figures)
        return
    items = _started(people, cast, count)
    threads_n = 4
    chunks = [items[i::threads_n] for i in range(threads_n)]
    errors: list[BaseException] = []

    def run(chunk) -> None:  # type: ignore[no-untyped-def]
        try:
            for item in chunk:
                work_item_act(actor=people.dept_head, item_id=item.pk, action="approve")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    parallel = time.perf_counter() - started
    assert errors == []
    figures[f"threads{threads_n}_acts_per_s"] = round(count / parallel, 1)
    report("flow_acts", figures)
