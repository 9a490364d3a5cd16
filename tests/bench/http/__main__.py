"""``python -m tests.bench.http`` — what ``make bench`` runs (see docs/performance.md).

--scale small|large   the data set (default small); large needs ``govoa loadgen``
--only pages|flows    one half of the benchmark
--smoke               tiny sizes, to prove the harness works (run by ``make test``)
"""

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from tests.bench.http import report, stack

ROOT = stack.ROOT


def log(message: str) -> None:
    print(message, flush=True)


def _prepare(name: str, env: dict[str, str], scale: str, fresh: bool) -> None:
    """Create, migrate and fill the database unless it is already filled."""
    if fresh or not stack.database_exists(name):
        log(f"== creating {name}")
        stack.create_database(name)
    started = time.monotonic()
    stack.govoa(env, "migrate", "--noinput", "-v0")
    import django

    from govoa.org.models import Agency

    del django
    if Agency.objects.exists():
        log(f"== {name}: already filled, kept ({time.monotonic() - started:.0f} s)")
        return
    if scale != "demo" and stack.has_command(env, "loadgen"):
        log(f"== govoa loadgen --scale {scale}")
        stack.govoa(env, "loadgen", "--scale", scale, timeout=3600)
    if not Agency.objects.exists() or scale == "demo":
        log("== govoa demo")
        stack.govoa(env, "demo")
    log(f"== {name} ready in {time.monotonic() - started:.0f} s")


def _use(name: str) -> None:
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.http")
    parser.add_argument("--scale", choices=["small", "large"], default="small")
    parser.add_argument("--only", choices=["pages", "flows"])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="rebuild the page database")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--redis", choices=["auto", "on", "off"], default="auto")
    parser.add_argument("--out", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--audit-large", type=int, default=1_000_000)
    parser.add_argument("--db", help="the database of the smoke run (govoa_bench_…)")
    args = parser.parse_args(argv)

    smoke = args.smoke
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data_dir = out / "data"
    data_dir.mkdir(exist_ok=True)
    use_redis = args.redis == "on" or (args.redis == "auto" and stack.redis_available())
    workers = args.workers or (2 if smoke else max(2, len(os.sched_getaffinity(0))))
    threads = args.threads or (2 if smoke else 4)
    label = "smoke" if smoke else args.scale
    pages_db = args.db or ("govoa_bench_smoke" if smoke else f"govoa_bench_{args.scale}")

    env = stack.environment(stack.database_url(pages_db), data_dir, use_redis=use_redis)
    os.environ.update(env)
    import django

    django.setup()

    results: dict[str, Any] = {
        "label": label,
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": report.machine(),
        "workers": workers,
        "threads": threads,
        "redis": use_redis,
    }
    log(f"== GovOA HTTP benchmark ({label}): {workers} workers × {threads} threads")
    log(f"   Redis: {use_redis}")
    stack.govoa(env, "collectstatic", "--noinput", "-v0")

    server_log = out / "server.log"

    def env_for(name: str) -> dict[str, str]:
        return stack.environment(stack.database_url(name), data_dir, use_redis=use_redis)

    if args.only in (None, "pages"):
        _prepare(pages_db, env, "demo" if smoke else args.scale, args.fresh or smoke)
        with stack.Stack(env, workers, threads, log=server_log) as server:
            results["pages"] = _pages(server.base, smoke)
    if args.only in (None, "flows"):
        small_db, big_db = (f"{pages_db}_flow", f"{pages_db}_flow_big")
        if not smoke:
            small_db, big_db = "govoa_bench_flow", "govoa_bench_flow_big"
        if smoke and args.only is None:  # the demo database just made: copy it
            _use("postgres")
            stack.create_database(small_db, template=pages_db)
            _use(small_db)
        else:
            _use(small_db)
            _prepare(small_db, env_for(small_db), "demo", fresh=True)
        sizes = (1000, 3000) if smoke else (1000, args.audit_large)
        results["flows"] = _flows(
            env_for, small_db, big_db, sizes, smoke, workers, threads, server_log
        )

    path = out / f"http-{label}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    text = report.markdown(results)
    (out / f"http-{label}.md").write_text(text)
    log(text)
    log(f"== written: {path} and {path.with_suffix('.md')}")
    failures = report.failures(results)
    for failure in failures:
        log(f"!! {failure}")
    return 1 if failures else 0


def _pages(base: str, smoke: bool) -> dict[str, Any]:
    from tests.bench.http.pages import PagesPlan, run_pages
    from tests.bench.http.people import choose_cast

    cast = choose_cast()
    log(f"== pages as {cast}")
    plan = (
        PagesPlan(levels=(1, 2), requests={1: 2, 2: 1}, seconds_per_level=20, mixed_seconds=2)
        if smoke
        else PagesPlan()
    )
    return run_pages(base, cast, plan, log)


def _flows(
    env_for: Any,
    small_db: str,
    big_db: str,
    sizes: tuple[int, int],
    smoke: bool,
    workers: int,
    threads: int,
    server_log: Path,
) -> dict[str, Any]:
    """The flow at two sizes of the audit log, in paired rounds: two databases alike but for
    the log (the large one a copy of the small one, grown), each with its own servers, and
    every round runs on both, one right after the other, in alternating order. On a shared
    machine the load of the neighbours drifts by tens of per cent within minutes; measured in
    pairs, the drift falls on both sizes alike (the same method as the audit benchmark)."""
    import shutil
    import statistics

    from tests.bench.http.auditfill import audit_events, fill_audit
    from tests.bench.http.flows import (
        FlowTotals,
        discover_approvers,
        flow_cast,
        run_approve_only,
        run_flows,
    )

    data_dir = Path(env_for(small_db)["GOVOA_DATA_DIR"])
    fill_audit(sizes[0], log)
    events = {small_db: audit_events()}
    _use("postgres")
    stack.create_database(big_db, template=small_db)
    small_file = stack.checkpoint_file(data_dir, small_db)
    if small_file.exists():
        shutil.copy(small_file, stack.checkpoint_file(data_dir, big_db))
    _use(big_db)
    log(f"== growing the audit log of {big_db} to {sizes[1]:,} events")
    fill_audit(sizes[1], log)
    events[big_db] = audit_events()

    rounds, per_round = (2, {1: 1, 2: 1}) if smoke else (4, {1: 4, 4: 3})
    levels = tuple(per_round)
    totals = {
        (db, c): FlowTotals(clients=c, audit_events=events[db])
        for db in (small_db, big_db)
        for c in levels
    }
    casts = {}
    with (
        stack.Stack(env_for(small_db), workers, threads, log=server_log) as small,
        stack.Stack(env_for(big_db), workers, threads, log=server_log) as big,
    ):
        for db, server in ((small_db, small), (big_db, big)):
            _use(db)
            casts[db] = flow_cast(server.base)
            discover_approvers(casts[db])
        log(f"== flows: approvers {casts[small_db].approvers}")
        for r in range(rounds):
            order = (small_db, big_db) if r % 2 == 0 else (big_db, small_db)
            for clients in levels:
                for db in order:
                    run_flows(casts[db], totals[db, clients], per_round[clients], seconds=300)
            log(f"  round {r + 1}/{rounds} done")
        # Last: its documents stay open at the next step, in the approvers' inboxes.
        _use(big_db)
        approve = run_approve_only(
            casts[big_db], 2 if smoke else 4, 2 if smoke else 40, seconds=120
        )
        approve["audit_events"] = events[big_db]
        log(f"  approve-only: {approve}")
    runs: list[dict[str, Any]] = [totals[key].summary() for key in totals]
    for run in runs:
        log(f"  {run}")
    paired = {
        str(c): round(
            statistics.median(
                b / a
                for a, b in zip(totals[small_db, c].rounds, totals[big_db, c].rounds, strict=True)
            ),
            3,
        )
        for c in levels
    }
    log(f"  flows/s at {events[big_db]:,} ÷ at {events[small_db]:,} events: {paired}")
    runs.append({"approve_only": approve})
    return {"approvers": casts[small_db].approvers, "runs": runs, "paired_ratio": paired}


if __name__ == "__main__":
    sys.exit(main())
