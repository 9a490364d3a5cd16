"""Where a page's time goes: ``python -m tests.bench.http.profile --db govoa_bench_small
--user lg.0004 /?tab=done /incoming/`` renders each path in this process (Django's test
client, the benchmark's settings, a real session) under pyinstrument, after a warm-up, and
prints the call tree of ``--repeat`` renders."""

import argparse
import os
import sys
from pathlib import Path

from tests.bench.http import stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.http.profile")
    parser.add_argument("--db", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args(argv)
    data_dir = stack.ROOT / "var" / "bench" / "data"
    os.environ.update(
        stack.environment(stack.database_url(args.db), Path(data_dir), use_redis=False)
    )
    import django

    django.setup()
    from django.test import Client
    from pyinstrument import Profiler

    from govoa.org.models import Person

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(Person.objects.get(username=args.user))
    for path in args.paths:
        assert client.get(path).status_code == 200, path  # warm-up: imports, templates
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(args.repeat):
                client.get(path)
        print(f"==== {path} × {args.repeat}")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
