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
    flows_db = pages_db if smoke else "govoa_bench_flow"

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

    if args.only in (None, "pages"):
        _prepare(pages_db, env, "demo" if smoke else args.scale, args.fresh or smoke)
        results["pages"] = _pages(env, smoke, workers, threads, out)
    if args.only in (None, "flows"):
        if flows_db != pages_db or args.only == "flows":
            _use(flows_db)
            env = {**env, "GOVOA_DATABASE_URL": stack.database_url(flows_db)}
            os.environ.update(env)
            _prepare(flows_db, env, "demo", fresh=not smoke)
        results["flows"] = _flows(env, smoke, workers, threads, out, args.audit_large)

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


def _pages(
    env: dict[str, str], smoke: bool, workers: int, threads: int, out: Path
) -> dict[str, Any]:
    from tests.bench.http.pages import PagesPlan, run_pages
    from tests.bench.http.people import choose_cast

    cast = choose_cast()
    log(f"== pages as {cast}")
    plan = (
        PagesPlan(levels=(1, 2), requests={1: 2, 2: 1}, seconds_per_level=20, mixed_seconds=2)
        if smoke
        else PagesPlan()
    )
    with stack.Stack(env, workers, threads, log=out / "server.log") as server:
        return run_pages(server.base, cast, plan, log)


def _flows(
    env: dict[str, str], smoke: bool, workers: int, threads: int, out: Path, audit_large: int
) -> dict[str, Any]:
    from tests.bench.http.auditfill import audit_events, fill_audit
    from tests.bench.http.flows import discover_approvers, flow_cast, run_approve_only, run_flows

    sizes = (1000, 3000) if smoke else (1000, audit_large)
    runs = []
    with stack.Stack(env, workers, threads, log=out / "server.log") as server:
        cast = flow_cast(server.base)
        discover_approvers(cast)
        log(f"== flows: approvers {cast.approvers}")
        for size in sizes:
            added = fill_audit(size, log)
            events = audit_events()
            log(f"== flows at {events:,} audit events (+{added:,})")
            for clients in (1, 4) if not smoke else (1, 2):
                flows = 1 if smoke else (15 if clients == 1 else 10)
                result = run_flows(cast, clients, flows, seconds=30 if smoke else 120)
                result["audit_events"] = events
                log(f"  {result}")
                runs.append(result)
        # Last: its documents stay open at the next step, in the approvers' inboxes.
        approve = run_approve_only(cast, 2 if smoke else 4, 2 if smoke else 40, seconds=60)
        approve["audit_events"] = events
        log(f"  approve-only: {approve}")
        runs.append({"approve_only": approve})
    return {"approvers": cast.approvers, "runs": runs}


if __name__ == "__main__":
    sys.exit(main())
