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
    parser.add_argument(
        "--acts",
        type=int,
        default=0,
        help="instead of pages: N 发文 of the demo's 郭军 submitted, then N approvals through "
        "POST /api/v1/work-items/<id>/act profiled (a database with the demo data)",
    )
    parser.add_argument("paths", nargs="*")
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
    if args.acts:
        return _acts(client, args.acts)
    for path in args.paths:
        assert client.get(path).status_code == 200, path  # warm-up: imports, templates
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(args.repeat):
                client.get(path)
        print(f"==== {path} × {args.repeat}")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


def _acts(client, count: int) -> int:  # type: ignore[no-untyped-def]
    from pyinstrument import Profiler

    from govoa.demo.data import COMMISSION
    from govoa.demo.outgoing import BODY
    from govoa.flow.models import WorkItem
    from govoa.flow.workflow import ItemStatus
    from govoa.org.models import Person
    from govoa.outgoing.draft import Draft
    from govoa.outgoing.models import DocumentCategory
    from govoa.outgoing.services.drafting import outgoing_create, outgoing_submit

    drafter = Person.objects.get(username="guojun", agency__name=COMMISSION.name)
    category = DocumentCategory.objects.get(agency=drafter.agency, code="fa")
    items = []
    for n in range(count + 1):
        document, _ = outgoing_create(
            actor=drafter,
            data=Draft(
                category_id=category.pk,
                doc_type="notice",
                title=f"关于性能剖析（{n}）的通知",
                recipients="各区县发展改革局",
                body=BODY,
            ),
        )
        outgoing_submit(actor=drafter, document=document)
        items.append(
            WorkItem.objects.get(
                instance__subject_id=document.pk,
                instance__subject_type="outgoing.outgoingdocument",
                status=ItemStatus.OPEN,
            )
        )
    client.force_login(items[0].assignee)
    act = {"action": "approve", "opinion": "同意"}
    warm = client.post(
        f"/api/v1/work-items/{items[0].pk}/act", act, content_type="application/json"
    )
    assert warm.status_code == 200, warm.content
    profiler = Profiler(interval=0.0005)
    with profiler:
        for item in items[1:]:
            client.post(f"/api/v1/work-items/{item.pk}/act", act, content_type="application/json")
    print(f"==== POST /api/v1/work-items/<id>/act × {count}")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
