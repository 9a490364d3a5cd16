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
from govoa.org.models import Person

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
