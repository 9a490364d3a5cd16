"""The 档案目录's 题名 search (issue 9, ADR 0019): by the words of 题名, 文号 and 档号
through the search index (GIN on PostgreSQL, FTS5 on SQLite), never ``LIKE '%…%'`` over a
year's records — two-character words and pieces of the 档号 are found on both databases, and
on PostgreSQL a page reads a page of rows whether the year holds 100 records or 10,000."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govoa.archives.models import ArchiveRecord
from govoa.archives.workflow import RecordStatus
from govoa.audit.tests.test_constant_cost import normalised
from govoa.testing.archive_records import INCOMING, archives_cast, filed_record, finished_incoming

pytestmark = pytest.mark.django_db


def _found(client: Client, query: str) -> set[int]:
    response = client.get(f"/archives/?{query}")
    assert response.status_code == 200
    return {r.pk for r in response.context["records"]}


def test_the_title_search_finds_words_numbers_and_pieces_of_the_reference_code(client, people):
    cast = archives_cast(people)
    seal = finished_incoming(
        people,
        title="关于加强印章管理的通知",
        source_number="某发〔2011〕301号",
        written_on=datetime.date(2011, 3, 8),
    )
    plan = finished_incoming(
        people,
        doc_type="letter",
        title="关于报送年度计划的函",
        source_number="某函〔2011〕7号",
        written_on=datetime.date(2011, 5, 4),
    )
    first, second = (
        filed_record(cast, INCOMING, d.pk, retention="Y", department_id=people.office.pk)
        for d in (seal, plan)
    )
    assert (first.reference_code, second.reference_code) == (
        "Z109-WS·2011-Y-BGS-0001",
        "Z109-WS·2011-Y-BGS-0002",
    )
    client.force_login(people.staff)
    # Two-character words of the 题名, alone or with others.
    assert _found(client, "title=印章") == {first.pk}
    assert _found(client, "title=管理") == {first.pk}
    assert _found(client, "title=印章管理") == {first.pk}
    assert _found(client, "title=年度计划") == {second.pk}
    assert _found(client, "title=通知&year=2011") == {first.pk}
    assert _found(client, "title=印章&year=2012") == set()
    assert _found(client, "title=公章") == set()
    # Pieces of the 档号, however they are cut.
    assert _found(client, "title=BGS-0001") == {first.pk}
    assert _found(client, "title=0002") == {second.pk}
    assert _found(client, "title=2011-Y") == {first.pk, second.pk}
    assert _found(client, "title=WS·2011-Y-BGS") == {first.pk, second.pk}
    assert _found(client, "title=Z109-WS·2011-Y-BGS-0002") == {second.pk}
    assert _found(client, "title=bgs-0003") == set()
    # The 文号.
    assert _found(client, "title=301号") == {first.pk}
    # The API's filter is the same.
    items = client.get("/api/v1/archive-records?title=印章").json()["items"]
    assert [r["id"] for r in items] == [first.pk]


def test_the_words_follow_the_record_when_its_reference_code_or_title_changes(people):
    cast = archives_cast(people)
    document = finished_incoming(
        people, title="关于印章管理的通知", written_on=datetime.date(2011, 3, 8)
    )
    record = filed_record(
        cast, INCOMING, document.pk, retention="Y", department_id=people.office.pk
    )
    record.title = "关于档案移交的通知"
    record.save(update_fields=["title"])
    stored = ArchiveRecord.objects.get(pk=record.pk).search_text.split()
    assert "移交" in stored
    assert "印章" not in stored
    assert "bgs-0001" in stored


# On PostgreSQL: the rows a catalogue page reads do not grow with the year's records.
PAGES = [
    "/archives/?year={year}&title=通知",
    "/archives/?year={year}&title=印章",
    "/archives/?year={year}",
    "/archives/?title=印章",
    "/api/v1/archive-records?year={year}&title=通知",
]


def _grow(people, year: int, first: int, n: int, *, seals: int) -> None:
    """``n`` filed records of ``year`` (numbered from ``first``): ``seals`` of them about
    印章, the others 通知 on other matters."""
    received = timezone.make_aware(datetime.datetime(year + 1, 3, 1, 10))
    records = []
    for i in range(first, first + n):
        title = "关于加强印章管理的通知" if i - first < seals else f"关于做好第{i}项工作的通知"
        record = ArchiveRecord(
            agency_id=people.agency.pk,
            source_type="test.generated",
            source_id=i,
            source_label="收文",
            title=title,
            doc_number=f"某发〔{year}〕{i}号",
            responsible="某省发展和改革委员会",
            doc_type="notice",
            date=datetime.date(year, 1 + i % 12, 1 + i % 28),
            department_id=people.office.pk,
            status=RecordStatus.FILED,
            year=year,
            retention="Y",
            org_code="BGS",
            class_code=f"{year}-Y-BGS",
            item_number=i,
            reference_code=f"Z109-WS·{year}-Y-BGS-{i:05d}",
            received_by_id=people.registrar.pk,
            received_at=received,
            filed_by_id=people.registrar.pk,
            filed_at=received,
        )
        record.search_text = record.words()
        records.append(record)
    ArchiveRecord.objects.bulk_create(records, batch_size=2000)


def _read(sql: str) -> tuple[str, int]:
    """The statement's plan (``Seq Scan`` lines kept) and the rows it read from the
    records table (every scan of it: rows returned × loops, plus rows its filters removed)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        (document,) = cursor.fetchone()
    total, scans = 0, []

    def walk(node: dict) -> None:
        nonlocal total
        if node.get("Relation Name") == "archives_archiverecord":
            scans.append(node["Node Type"])
            rows = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
            total += rows * node.get("Actual Loops", 1)
        for child in node.get("Plans", []):
            walk(child)

    walk(document[0]["Plan"])
    return " ".join(scans), total


def _profile(client: Client, url: str) -> list[tuple[str, str, int]]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    found = []
    for query in captured.captured_queries:
        sql = query["sql"]
        reads = sql.upper().startswith("SELECT") and '"archives_archiverecord"' in sql
        scans, rows = _read(sql) if reads else ("", 0)
        found.append((normalised(sql), scans, rows))
    return found


@pytest.mark.postgres_only
@pytest.mark.slow
def test_a_catalogue_search_reads_a_page_of_rows_at_100_and_10_000_records_of_the_year(people):
    """The staff member's catalogue of one year, with and without a 题名 word — a word in
    nearly every 题名 (通知) and a rare one (印章) — and the API's: the same statements at
    100 and 10,000 records of the year (with 5,000 of the year after), no sequential scan
    of the records, and no statement reads more than a few hundred of them. Before the
    index, a 题名 filter was ``UPPER(title) LIKE '%…%'`` that read every record of the year
    and sorted them (30,279 rows for a page of 50 on the large set)."""
    archives_cast(people)
    year = timezone.localdate().year - 2
    _grow(people, year + 1, 100_000, 5_000, seals=20)
    _grow(people, year, 0, 100, seals=20)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archives_archiverecord")
    client = Client()
    client.force_login(people.staff)
    pages = [url.format(year=year) for url in PAGES]
    small = {url: _profile(client, url) for url in pages}
    assert len(small[pages[1]]) > 0
    _grow(people, year, 100, 9_900, seals=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archives_archiverecord")
    for url in pages:
        large = _profile(client, url)
        assert [s for s, _, _ in large] == [s for s, _, _ in small[url]], url
        for _, scans, rows in large:
            assert "Seq Scan" not in scans, (url, scans)
            assert rows <= 500, (url, scans, rows)
    # What the pages show: the 20 records about 印章 of the year, and a full first page.
    assert len(_found(client, f"year={year}&title=印章")) == 20
    assert len(_found(client, f"year={year}&title=通知")) == 50
