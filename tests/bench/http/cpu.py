"""The Python cost of each page: ``python -m tests.bench.http.cpu --db govoa_bench_small``
renders each key page of the benchmark (``pages.py``, the people of ``people.py``) in this
process with Django's test client and the benchmark's settings, and prints the CPU time of
this thread per request (``time.thread_time``: the database's own work and any wait are
left out) — the median of ``--rounds`` rounds of ``--repeat`` requests each, after a
warm-up, with the statements one request runs.

CPU time, unlike the response time, hardly moves with the load of a shared machine, so two
versions of the code can be compared while others work: run each a few times, alternately."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from tests.bench.http import stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.http.cpu")
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=10, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="", help="pages whose name or path contains this text")
    parser.add_argument(
        "--no-redis",
        action="store_true",
        help="without Redis even where it answers (the benchmark uses it where it answers)",
    )
    args = parser.parse_args(argv)
    data_dir = stack.ROOT / "var" / "bench" / "data"
    redis = not args.no_redis and stack.redis_available()
    os.environ.update(
        stack.environment(stack.database_url(args.db), Path(data_dir), use_redis=redis)
    )
    import django

    django.setup()
    from django.test import Client

    from govoa.org.models import Person
    from tests.bench.http.pages import pages_for
    from tests.bench.http.people import choose_cast

    cast = choose_cast()
    clients: dict[str, Client] = {}
    print(f"Redis：{'是' if redis else '否'}；每轮 {args.repeat} 次请求，{args.rounds} 轮\n")
    print("| 页面或接口 | 身份 | CPU ms/请求（中位数） | 最小 | 最大 | SQL 条数 |")
    print("|---|---|---|---|---|---|")
    for page in pages_for(cast):
        wanted = [text for text in args.only.split("|") if text]
        if wanted and not any(text in page.name or text in page.path for text in wanted):
            continue
        username = getattr(cast, page.role)
        if username not in clients:
            clients[username] = Client(SERVER_NAME="127.0.0.1")
            clients[username].force_login(Person.objects.get(username=username))
        client = clients[username]
        for _ in range(2):  # warm-up: imports, templates, caches
            assert client.get(page.path).status_code == 200, page.path
        statements = client.get(page.path)["X-Bench-Statements"]
        rounds = []
        for _ in range(args.rounds):
            started = time.thread_time()
            for _ in range(args.repeat):
                client.get(page.path)
            rounds.append((time.thread_time() - started) * 1000 / args.repeat)
        print(
            f"| {page.name} | {page.role} | {statistics.median(rounds):.1f} "
            f"| {min(rounds):.1f} | {max(rounds):.1f} | {statements} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
