"""A list costs the same whatever the history behind it (issue 9): the 已办 and 待办 pages and
the API's run the same statements, reading the work items and flows with the same plans, when
the person handled 100 items and when they handled 10,000, and those plans read the work items
through an index (never a sort of the person's whole history)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govoa.audit.tests.test_constant_cost import normalised
from govoa.flow.tests.test_list_paging import _done_history
from govoa.testing.flows import make_memo, memo_cast, start_memo

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow]

PAGES = ("/?tab=done", "/api/v1/work-items?state=done", "/?tab=todo", "/api/v1/work-items")


# The tables that grow with history. How the planner joins the few rows of a page to small
# tables (people, departments) may change with its estimates; how it reads these may not.
HISTORY = ("flow_workitem", "flow_flowinstance")


def plan(sql: str, params) -> list[str]:
    """The lines of EXPLAIN that read the history tables (each scan with its conditions)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        lines = [re.sub(r"\s*\(cost=.*\)$", "", row[0]).strip() for row in cursor.fetchall()]
    kept, scan = [], False
    for line in lines:
        if " on " in line or line.startswith("->"):  # a new node: is it a read of history?
            scan = any(f" on {table}" in line for table in HISTORY)
        sorts_history = line.startswith("Sort Key:") and any(t in line for t in HISTORY)
        if scan or sorts_history:
            kept.append(normalised(line))
    return kept


def profile(client, url: str) -> list[tuple[str, list[str]]]:
    """The statements on work items of one request, each with its plan."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    # The captured SQL has its parameters inlined (PostgreSQL's mogrify): explained as is.
    return [
        (normalised(q["sql"]), plan(q["sql"], None))
        for q in captured.captured_queries
        if '"flow_workitem"' in q["sql"] and q["sql"].upper().startswith("SELECT")
    ]


def test_lists_cost_the_same_with_100_and_10_000_items_of_history(client, people):
    cast = memo_cast(people)
    # Others' history too, so that the table is not so small that any plan would do.
    background = start_memo(people, make_memo(people, cast, title="他人的事项"))
    _done_history(people.registrar, background, 20_000)
    mine = start_memo(people, make_memo(people, cast, title="我的事项"))
    _done_history(people.dept_head, mine, 100)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE flow_workitem")
    client.force_login(people.dept_head)
    small = {url: profile(client, url) for url in PAGES}
    _done_history(people.dept_head, mine, 9_900)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE flow_workitem")
    large = {url: profile(client, url) for url in PAGES}
    for url in PAGES:
        assert [sql for sql, _ in large[url]] == [sql for sql, _ in small[url]], url
        for (_, a), (_, b) in zip(small[url], large[url], strict=True):
            assert a == b, "\n".join([url, "100:", *a, "10,000:", *b])
        for _sql, lines in large[url]:
            text = "\n".join(lines)
            assert "Seq Scan on flow_workitem" not in text, f"{url}\n{text}"
            assert "Index" in text, f"{url}\n{text}"
    done = "\n".join("\n".join(p) for _, p in large["/?tab=done"])
    assert "flow_item_done_keyset" in done
    assert "Sort Key: flow_workitem" not in done
