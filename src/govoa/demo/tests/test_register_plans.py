# ruff: noqa: S608 — the history is grown with INSERT … SELECT built from the models' own
# table and column names and integers of the test.
"""On PostgreSQL, the registers, the workbench and the messages run the same statements
whatever the size of the history, and every table that grows with history can be read for
them through an index (issue 9). Measured on generated history for people who see part of it
and for the registrar, who sees all.

At a few thousand rows the planner may still prefer to read a small table whole (cheaper
than a thousand index probes), so the plans are taken with ``enable_seqscan = off``: a
sequential scan that remains is one no index can replace — a list that would read the whole
history at any size."""

import dataclasses
import random
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from govoa.audit.tests.test_constant_cost import normalised
from govoa.demo.loadgen.agency import AGENCY_NAME
from govoa.demo.loadgen.generate import Generator
from govoa.demo.loadgen.scales import SCALES
from govoa.flow.models import WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.org.models import Person
from govoa.outgoing.models import Distribution, OutgoingDocument

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow, pytest.mark.django_db]

PAGES = ["/incoming/", "/outgoing/", "/?tab=done", "/", "/notifications/"]
# The tables that grow with history: none of them may be read whole.
HISTORY = (
    "incoming_incomingdocument",
    "outgoing_outgoingdocument",
    "flow_workitem",
    "flow_flowinstance",
    "notify_notification",
)


def _plans(client: Client, url: str) -> tuple[list[str], list[str]]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    statements, plans = [], []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.upper().startswith("SELECT"):
            continue
        statements.append(normalised(sql))
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plans += [re.sub(r"\s*\(cost=.*\)$", "", row[0]).strip() for row in cursor.fetchall()]
            cursor.execute("RESET enable_seqscan")
    return statements, plans


def test_registers_read_through_indexes_at_any_size():
    scale = dataclasses.replace(SCALES["tiny"], incoming=60, outgoing=30, logins_per_day=0)
    generator = Generator(scale, seed=11, progress=lambda line: None)
    report = generator.run()
    people = Person.objects.filter(agency__name=AGENCY_NAME)
    clients = {}
    for role in ("科员", "处室负责人", "收发员"):
        clients[role] = Client()
        clients[role].force_login(people.get(username=report.usernames[role]))
    small = {(role, url): _plans(c, url)[0] for role, c in clients.items() for url in PAGES}
    generator.rng = random.Random(12)
    generator.extend(incoming=4000, outgoing=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for (role, url), statements in small.items():
        large_statements, plans = _plans(clients[role], url)
        assert large_statements == statements, (role, url)
        text = "\n".join(plans)
        for table in HISTORY:
            assert f"Seq Scan on {table}" not in text, f"{role} {url}\n{text}"


# The department head's registers (ADR 0018): the tables a register of someone who sees
# part of the documents reads, each source of their 知悉范围 (the documents, the work items
# of their part in the flows, the link rows of 协办, 传阅, 会签 and distribution).
REGISTER_TABLES = (
    "incoming_incomingdocument",
    "outgoing_outgoingdocument",
    "flow_workitem",
    "flow_reminder",
    "incoming_incomingdocument_co_departments",
    "incoming_incomingdocument_readers",
    "outgoing_outgoingdocument_countersign_departments",
    "outgoing_distribution",
)
DOCUMENTS = ("incoming_incomingdocument", "outgoing_outgoingdocument")
# Statements per request (session, person and roles, navigation counts, the page's own):
# the same at any size.
HEAD_STATEMENTS = {
    "/incoming/": 12,
    "/outgoing/": 13,
    "/api/v1/incoming-documents": 7,
    "/api/v1/outgoing-documents": 7,
}
HEAD_PAGES = [
    "/incoming/",
    "/incoming/?page=3",
    "/incoming/?year={year}",
    "/incoming/?status=completed",
    "/incoming/?classification=0",
    "/incoming/?q=通知",
    "/outgoing/",
    "/outgoing/?year={year}",
    "/api/v1/incoming-documents",
    "/api/v1/outgoing-documents",
]


def _register_plan(sql: str) -> list[str]:
    """The lines of EXPLAIN that read the register's tables (each scan with its conditions,
    and any sort of their rows)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        lines = [re.sub(r"\s*\(cost=.*\)$", "", row[0]).strip() for row in cursor.fetchall()]
    kept, scan = [], False
    for line in lines:
        if " on " in line or line.startswith("->"):
            scan = any(re.search(rf" on {table}\b", line) for table in REGISTER_TABLES)
        sorts = line.startswith("Sort Key:") and any(t in line for t in REGISTER_TABLES)
        if scan or sorts:
            kept.append(normalised(line))
    return kept


def _documents_read(sql: str) -> int:
    """Rows the statement read from the documents tables (EXPLAIN ANALYZE, every scan of
    them: rows returned × loops, plus rows its filters removed)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        (document,) = cursor.fetchone()
    total = 0

    def walk(node: dict) -> None:
        nonlocal total
        if node.get("Relation Name") in DOCUMENTS:
            rows = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
            total += rows * node.get("Actual Loops", 1)
        for child in node.get("Plans", []):
            walk(child)

    walk(document[0]["Plan"])
    return total


def _register_profile(client: Client, url: str) -> list[tuple[str, list[str], int]]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    found = []
    for query in captured.captured_queries:
        sql = query["sql"]
        reads = sql.upper().startswith("SELECT") and any(f'"{t}"' in sql for t in DOCUMENTS)
        plan = _register_plan(sql) if reads else []
        # A server-side cursor's name carries the process's object ids.
        statement = re.sub(r"_django_curs_\w+", "cursor", normalised(sql))
        found.append((statement, plan, _documents_read(sql) if reads else 0))
    return found


def _grow(model, prototype_pk: int, n: int, first: int) -> None:
    """``n`` copies of a document, each with the work items of the prototype's flow and its
    link rows (协办/传阅 or 会签/分送) — in one INSERT … SELECT per table (PostgreSQL).
    The copies are numbered ``first + 1 …`` after the prototype and made newer than it, so
    that they come first in the register."""
    table = model._meta.db_table
    qn = connection.ops.quote_name
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        column = qn(field.column)
        columns.append(column)
        value = f"d.{column}"
        if field.name == "number":
            value = f"CASE WHEN d.number = '' THEN '' ELSE d.number || '-' || ({first} + g) END"
        elif field.name == "serial":
            value = f"d.serial + {first} + g"
        elif field.name == "created_at":
            value = f"d.created_at + ({first} + g) * interval '1 second'"
        elif field.name in ("exchange_id",):
            value = "NULL"
        elif field.name == "idempotency_key":
            value = "''"
        values.append(value)
    subject_type = model._meta.label_lower
    item_fields = [f for f in WorkItem._meta.concrete_fields if not f.primary_key]
    item_columns = [qn(f.column) for f in item_fields]
    item_values = [
        "grown.id" if f.name == "subject_id" else f"w.{qn(f.column)}" for f in item_fields
    ]
    links = []
    for field in model._meta.many_to_many:
        through = field.remote_field.through._meta
        own, other = field.m2m_column_name(), field.m2m_reverse_name()
        links.append(
            f"INSERT INTO {qn(through.db_table)} ({own}, {other}) "
            f"SELECT grown.id, l.{other} FROM {qn(through.db_table)} l, grown "
            f"WHERE l.{own} = {prototype_pk}"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE grown AS WITH made AS ("
            f"INSERT INTO {qn(table)} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM {qn(table)} d, generate_series(1, {n}) g "
            f"WHERE d.id = {prototype_pk} RETURNING id) SELECT id FROM made"
        )
        cursor.execute(
            f"INSERT INTO flow_workitem ({', '.join(item_columns)}) "
            f"SELECT {', '.join(item_values)} FROM flow_workitem w, grown "
            f"WHERE w.subject_type = %s AND w.subject_id = {prototype_pk}",
            [subject_type],
        )
        for statement in links:
            cursor.execute(statement)
        cursor.execute("DROP TABLE grown")


def test_a_department_heads_registers_cost_the_same_at_100_and_10_000_documents():
    """The department head's registers and their API, with 100 and with 10,000 documents of
    the department's own history (and 20,000 收文 and 10,000 发文 of other departments'):
    the same statements, no sequential scan of the documents, and no statement reads more
    than a window's worth of rows from the documents (a page of each source, or the count's
    1,001 of the department) — never the department's 10,000.

    The plans are not compared: with 100 documents of the department among 20,000 the
    planner reads the head's 100 work items and sorts their documents; with 10,000 it walks
    the documents in the register's order probing the work items' index, and stops after
    a window. Both are bounded; which is cheaper moves with the department's share of the
    agency (ADR 0018)."""
    scale = dataclasses.replace(SCALES["tiny"], incoming=24, outgoing=12, logins_per_day=0)
    report = Generator(scale, seed=5, progress=lambda line: None).run()
    head = Person.objects.get(username=report.usernames["处室负责人"])
    department = head.department_id
    mine = {
        IncomingDocument: IncomingDocument.objects.filter(lead_department_id=department),
        OutgoingDocument: OutgoingDocument.objects.filter(drafting_department_id=department),
    }
    others = {
        IncomingDocument: IncomingDocument.objects.exclude(lead_department_id=department),
        OutgoingDocument: OutgoingDocument.objects.exclude(drafting_department_id=department),
    }
    prototypes = {}
    for model, rows in mine.items():
        # A finished document the head handled: its copies carry the head's work items.
        prototypes[model] = (
            rows.filter(
                pk__in=WorkItem.objects.filter(
                    acted_by=head, subject_type=model._meta.label_lower
                ).values("subject_id")
            )
            .order_by("pk")
            .first()
        )
        assert prototypes[model] is not None, model
        background = others[model].order_by("pk").first()
        _grow(model, background.pk, 20_000 if model is IncomingDocument else 10_000, 100_000)
        _grow(model, prototypes[model].pk, 100 - rows.count(), 200_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    year = prototypes[IncomingDocument].year
    pages = [url.format(year=year) for url in HEAD_PAGES]
    client = Client()
    client.force_login(head)
    small = {url: _register_profile(client, url) for url in pages}
    for model, rows in mine.items():
        _grow(model, prototypes[model].pk, 10_000 - rows.count(), 300_000)
        assert rows.count() == 10_000
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    large = {url: _register_profile(client, url) for url in pages}
    for url in pages:
        assert [s for s, _, _ in large[url]] == [s for s, _, _ in small[url]], url
        assert len(large[url]) == HEAD_STATEMENTS[url.split("?")[0]], url
        for (_, a, _read_small), (_, b, read_large) in zip(small[url], large[url], strict=True):
            for size, plan in (("100", a), ("10,000", b)):
                text = "\n".join(plan)
                for table in DOCUMENTS:
                    assert not re.search(rf"Seq Scan on {table}\b", text), f"{url} ({size})\n{text}"
            # Rows read from the documents by each statement: bounded by the window (a page,
            # or the count's 1,001), never the department's 10,000 documents.
            assert read_large <= 4_000, (url, read_large, "\n".join(b))


# A 科员's register search (ADR 0019): the staff member's sources include every 发文
# distributed to their department, read from the distribution's index in the register's
# order; with ``?q=`` the search is one more condition on each source.
STAFF_PAGES = [
    "/outgoing/?q=通知",
    "/outgoing/?q=通知&page=3",
    "/outgoing/",
    "/api/v1/outgoing-documents?q=通知",
]


def _distribute(prototype: Distribution, after: int) -> None:
    """A copy of the ``prototype`` distribution for every 发文 whose id is above ``after``
    (the copies ``_grow`` just made), carrying each document's own 创建时间."""
    qn = connection.ops.quote_name
    columns, values = [], []
    for field in Distribution._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(qn(field.column))
        if field.name == "document":
            values.append("d.id")
        elif field.name == "document_created_at":
            values.append("d.created_at")
        else:
            values.append(f"p.{qn(field.column)}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO outgoing_distribution ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM outgoing_outgoingdocument d, outgoing_distribution p "
            f"WHERE p.id = %s AND d.id > %s",
            [prototype.pk, after],
        )


def _last_outgoing() -> int:
    return OutgoingDocument.objects.order_by("-pk").values_list("pk", flat=True)[0]


def test_a_staff_members_register_search_costs_the_same_at_100_and_10_000_distributed_documents():
    """The 科员's 发文登记簿 with and without a word, and its API, with 100 and then 10,000
    发文 distributed to the department (among 10,000 newer others): the same statements, no
    sequential scan of the documents, and no statement reads more than 4,000 document rows
    at 10,000. Before the distributions were read in the register's order, the capped count
    read every distribution of the department and probed each document (2,634 on the large
    set, each parsing its search words)."""
    scale = dataclasses.replace(SCALES["tiny"], incoming=12, outgoing=12, logins_per_day=0)
    report = Generator(scale, seed=7, progress=lambda line: None).run()
    staff = Person.objects.get(username=report.usernames["科员"])
    document = (
        OutgoingDocument.objects.filter(status="issued")
        .exclude(drafter=staff)
        .exclude(distributions__department_id=staff.department_id)
        .order_by("pk")
        .first()
    )
    assert document is not None
    # The others are newer than the department's: a walk of the agency's documents in the
    # register's order would pass all of them before it found the department's.
    _grow(OutgoingDocument, document.pk, 10_000, 1_000_000)
    department = staff.department
    prototype = Distribution.objects.create(
        document=document, kind="internal", department=department, name=department.name
    )
    distributed = OutgoingDocument.objects.filter(distributions__department_id=department.pk)
    after = _last_outgoing()
    _grow(OutgoingDocument, document.pk, 100 - distributed.count(), 200_000)
    _distribute(prototype, after)
    assert distributed.count() == 100
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(staff)
    small = {url: _register_profile(client, url) for url in STAFF_PAGES}
    after = _last_outgoing()
    _grow(OutgoingDocument, document.pk, 10_000 - distributed.count(), 300_000)
    _distribute(prototype, after)
    assert distributed.count() == 10_000
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    large = {url: _register_profile(client, url) for url in STAFF_PAGES}
    for url in STAFF_PAGES:
        assert [s for s, _, _ in large[url]] == [s for s, _, _ in small[url]], url
        for _, plan, read in large[url]:
            text = "\n".join(plan)
            assert not re.search(r"Seq Scan on outgoing_outgoingdocument\b", text), (url, text)
            assert read <= 4_000, (url, read, text)
    # The staff member sees the distributed documents, newest first, and a capped count.
    page = client.get("/outgoing/?q=通知")
    assert page.context["page_obj"].paginator.count == 1001
