"""A search costs the same whatever the history behind it: the same statements (the capped
candidates of each arm, then one page of entries) at a few documents and at many, for the
registrar (sees all) and for a 科员 (sees what they handle); on PostgreSQL each of them can be
answered through indexes — the stored ``search_vector``, the trigram indexes, the date
index, the module's participation indexes — never by reading the index table whole."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govoa.audit.tests.test_constant_cost import normalised
from govoa.core.search import index_text
from govoa.core.search_sources import search_sources
from govoa.incoming.models import IncomingDocument
from govoa.search.models import SearchEntry
from govoa.search.selectors import SEARCH_CAP, SearchFilters, search_entries
from govoa.testing.plans import rows_read
from govoa.testing.queries import query_count

pytestmark = [pytest.mark.django_db]

SUBJECTS = ["印章使用管理", "防汛抗旱工作", "安全生产检查", "乡村振兴", "政务公开"]


def _grow(people, count: int, start: int = 0) -> None:
    """``count`` 收文 and their index entries, written in bulk (as ``govoa reindex`` would
    index them); the 科员 handles one in five."""
    now = timezone.now()
    documents = [
        IncomingDocument(
            agency=people.agency,
            number=f"收〔2025〕{n + 1}号",
            year=2025,
            serial=n + 1,
            source_org="某市人民政府办公室",
            source_number=f"某发改〔2025〕{n % 400 + 1}号",
            title=f"关于做好{SUBJECTS[n % len(SUBJECTS)]}的通知（第{n}号）",
            doc_type="notice",
            classification=n % 2,
            received_at=now - datetime.timedelta(minutes=20 * (count + start - n)),
            received_by=people.registrar,
            registered_by=people.registrar,
            lead_department=people.planning if n % 3 else people.energy,
            handler=people.staff if n % 5 == 0 else None,
        )
        for n in range(start, start + count)
    ]
    created = IncomingDocument.objects.bulk_create(documents, batch_size=2000)
    entries = []
    for document in created:
        number = f"{document.number} {document.source_number}"
        entries.append(
            SearchEntry(
                agency_id=document.agency_id,
                source="incoming",
                object_id=document.pk,
                classification=document.classification,
                title=document.title,
                number=number,
                department_id=document.lead_department_id,
                date=document.received_at,
                text=document.source_org,
                search_text=index_text((document.title, number, document.source_org)),
            )
        )
    SearchEntry.objects.bulk_create(entries, batch_size=2000)


def _warm(client) -> None:
    """The first requests of a session read what is cached after them (roles, settings)."""
    client.get("/api/v1/search", {"q": "印章"})
    client.get("/search/", {"q": "印章"})


def test_the_api_and_the_page_cost_the_same_at_any_size(people, client):
    _grow(people, 3)
    small = {}
    for person in (people.registrar, people.staff):
        client.force_login(person)
        _warm(client)
        small[person.pk] = (
            query_count(lambda: client.get("/api/v1/search", {"q": "印章"})),
            query_count(lambda: client.get("/search/", {"q": "印章"})),
        )
    _grow(people, 60, start=3)
    for person in (people.registrar, people.staff):
        client.force_login(person)
        _warm(client)
        body = client.get("/api/v1/search", {"q": "印章"}).json()
        assert len(body["items"]) == min(body["count"], 20)
        assert body["count"] > 3
        large = (
            query_count(lambda: client.get("/api/v1/search", {"q": "印章"})),
            query_count(lambda: client.get("/search/", {"q": "印章"})),
        )
        assert large == small[person.pk], person


def test_a_search_reads_one_query_per_arm_and_one_page(people):
    _grow(people, 30)
    for person in (people.registrar, people.staff):
        with CaptureQueriesContext(connection) as captured:
            results = search_entries(person=person, filters=SearchFilters(query="印章"))
            page = results[:20]
        assert page
        reads = [q["sql"] for q in captured.captured_queries if "search_searchentry" in q["sql"]]
        # Reading the sources' rules may ask who the person is (roles, departments) first.
        assert len(reads) <= len(list(search_sources())) + 1, reads


def test_the_count_is_capped(people, client):
    entries = [
        SearchEntry(
            agency_id=people.agency.pk,
            source="incoming",
            object_id=900_000 + n,
            title=f"关于印章管理的通知{n}",
            date=timezone.now() - datetime.timedelta(minutes=n),
            search_text=index_text([f"关于印章管理的通知{n}"]),
        )
        for n in range(SEARCH_CAP + 5)
    ]
    SearchEntry.objects.bulk_create(entries)
    client.force_login(people.registrar)
    body = client.get("/api/v1/search", {"q": "印章"}).json()
    assert body["count"] == SEARCH_CAP
    assert body["count_capped"] is True
    last = client.get("/api/v1/search", {"q": "印章", "page": SEARCH_CAP // 20}).json()
    assert len(last["items"]) == 20
    beyond = client.get("/api/v1/search", {"q": "印章", "page": SEARCH_CAP // 20 + 1}).json()
    assert beyond["items"] == []
    page = client.get("/search/", {"q": "印章"}).content.decode()
    assert f"超过 {SEARCH_CAP} 条" in page


def _plans(person, query: str) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as captured:
        results = search_entries(person=person, filters=SearchFilters(query=query))
        results[:20]
    statements, plans = [], []
    for captured_query in captured.captured_queries:
        sql = captured_query["sql"]
        if "search_searchentry" not in sql:
            continue
        statements.append(normalised(sql))
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plans += [re.sub(r"\s*\(cost=.*\)$", "", row[0]).strip() for row in cursor.fetchall()]
            cursor.execute("RESET enable_seqscan")
    return statements, "\n".join(plans)


@pytest.mark.postgres_only
@pytest.mark.slow
def test_the_plans_read_indexes_at_100_and_at_10000_documents(people):
    cases = [(p, q) for p in (people.registrar, people.staff) for q in ("印章", "〔2025〕17")]
    _grow(people, 100)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    small = {(p.pk, q): _plans(p, q)[0] for p, q in cases}
    _grow(people, 9_900, start=100)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for person, query in cases:
        statements, plans = _plans(person, query)
        # The candidates' statement is the same; the page's own (entries by id) runs only
        # when there are hits (the 科员 has none for 〔2025〕17 among the first 100).
        assert statements[0] == small[(person.pk, query)][0], (person, query)
        assert len(statements) <= 2
        for table in ("search_searchentry", "incoming_incomingdocument"):
            assert f"Seq Scan on {table}" not in plans, f"{person} {query}\n{plans}"


# A page of candidates read in date order from the department's index: about
# ``SEARCH_CAP`` ÷ the share of the department's entries that match (a fifth here: ~1,000),
# never the department's records (6,667 here; the statement read 20,000 rows before).
HEAD_READ_BOUND = 2_000


@pytest.mark.postgres_only
@pytest.mark.slow
def test_a_department_heads_search_walks_the_departments_index(people, client):
    """规划处 holds two thirds of 10,000 收文: the head's search reads the department's
    entries newest first from ``search_entry_department`` and stops at the cap — not the
    department's records joined to every match, as when the department was one more part of
    the module's visible set. (A 文号 fragment is planned by the word and trigram indexes'
    estimates; at this size a scan may be cheapest, so only its index paths are checked.)"""
    _grow(people, 10_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for query in ("印章", "〔2025〕17"):
        _statements, plans = _plans(people.dept_head, query)
        for table in ("search_searchentry", "incoming_incomingdocument"):
            assert f"Seq Scan on {table}" not in plans, f"{query}\n{plans}"
    _statements, plans = _plans(people.dept_head, "印章")
    assert "search_entry_department" in plans
    client.force_login(people.dept_head)
    _warm(client)
    tables = ("search_searchentry", "incoming_incomingdocument")
    read = rows_read(client, "/api/v1/search?" + urlencode({"q": "印章"}), tables)
    assert read <= HEAD_READ_BOUND, read
