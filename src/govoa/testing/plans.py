"""What a page costs in statements and plans, for the tests that a list costs the same with 100
and with 10,000 rows of history (PostgreSQL; ADR 0010)."""

import json
import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from govoa.audit.tests.test_constant_cost import normalised


def _history_lines(lines: list[str], tables: Iterable[str]) -> list[str]:
    """The lines of EXPLAIN that read a history table (each scan with its conditions), and
    the sorts of its rows."""
    kept: list[str] = []
    scan = False
    for line in lines:
        if " on " in line or line.startswith("->"):  # a new node: does it read history?
            scan = any(f" on {table}" in line for table in tables)
        sorts_history = line.startswith("Sort Key:") and any(t in line for t in tables)
        if scan or sorts_history:
            kept.append(normalised(line))
    return kept


def page_cost(client: Client, url: str, tables: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Every SELECT of one request (normalised, in order), each with the plan lines that read
    the history ``tables``. The page is asked once before, so that caches are warm; plans are
    taken with ``enable_seqscan = off``: a sequential scan that remains is one no index can
    replace (a small table would otherwise be read whole at any size, which proves nothing)."""
    names = tuple(tables)
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    cost: list[tuple[str, list[str]]] = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip("(").upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            lines = [re.sub(r"\s*\(cost=.*\)$", "", row[0]).strip() for row in cursor.fetchall()]
            cursor.execute("RESET enable_seqscan")
        cost.append((normalised(sql), _history_lines(lines, names)))
    return cost


def assert_same_cost(
    small: list[tuple[str, list[str]]], large: list[tuple[str, list[str]]], url: str
) -> None:
    """The same statements (hence the same count), each with an index path into every history
    table it reads (no sequential scan remains with ``enable_seqscan = off``). The planner may
    pick another index as the table grows (a person's index and a sort at 100 rows, the primary
    key read backwards at 10,000): what must not grow is what it reads — ``rows_read``."""
    assert len(large) == len(small), f"{url}: {len(small)} → {len(large)} statements"
    assert [sql for sql, _ in large] == [sql for sql, _ in small], url
    for _sql, lines in [*small, *large]:
        text = "\n".join(lines)
        assert "Seq Scan" not in text, f"{url}\n{text}"


def _read(node: dict[str, Any], tables: tuple[str, ...]) -> int:
    """Rows a plan node and its children read from the history tables (kept or filtered)."""
    own = 0
    if node.get("Relation Name") in tables:
        loops = node.get("Actual Loops", 1)
        own = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
    return own + sum(_read(child, tables) for child in node.get("Plans", []))


def rows_read(client: Client, url: str, tables: Iterable[str]) -> int:
    """How many rows of the history ``tables`` one request reads, over all its SELECTs —
    compound ones (``(SELECT …) UNION (SELECT …)``) too — (``EXPLAIN ANALYZE`` of each;
    nothing is written by a SELECT)."""
    names = tuple(tables)
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    total = 0
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip("(").upper().startswith("SELECT") or not any(t in sql for t in names):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            found = cursor.fetchone()[0]
        plan = found if isinstance(found, list) else json.loads(found)
        total += _read(plan[0]["Plan"], names)
    return total
