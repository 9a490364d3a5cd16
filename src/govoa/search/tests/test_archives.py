"""档案 in the one search box: a 件 is found by its catalogue entry (题名, 档号, 文号, 责任者)
by those the archives' rule lets see it — the archivists every 件 of their clearance, others
the filed 件 within theirs — with a snippet and a link to the 件; for anyone else there is no
hit, no count and no snippet. The entry follows the 件 (intake, filing) after each commit."""

import pytest

from govoa.archives.models import ArchiveRecord
from govoa.archives.services.intake import archive_intake
from govoa.core.vocabulary import Classification, Role
from govoa.search.indexing import search_reindex
from govoa.search.models import SearchEntry
from govoa.search.selectors import SearchFilters, search_entries
from govoa.testing.archive_records import (
    INCOMING,
    archives_cast,
    filed_record,
    finished_incoming,
)
from govoa.testing.factories import grant, make_person

# Dates here meet the frozen today (FROZEN_NOW, 2026-11-16): the clock is named.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture
def archive(people):
    cast = archives_cast(people)
    plain = finished_incoming(
        people, title="关于规范印章使用管理的通知", source_number="某发〔2026〕301号"
    )
    secret = finished_incoming(
        people,
        title="关于防汛物资储备保密事项的通知",
        source_number="某发〔2026〕302号",
        classification=Classification.SECRET,
        secrecy_period="1年",
    )
    waiting = finished_incoming(
        people, title="关于印章刻制有关事项的请示", source_number="某发〔2026〕303号"
    )
    records = {
        "plain": filed_record(cast, INCOMING, plain.pk, retention="D10"),
        "secret": filed_record(cast, INCOMING, secret.pk, retention="D10"),
        # Taken in, not yet filed: the archivists' work, not yet in the catalogue.
        "waiting": archive_intake(actor=cast.archivist, source_type=INCOMING, source_id=waiting.pk),
    }
    search_reindex(source_key="archives")
    return cast, records


def _found(person, query, **kwargs):
    filters = SearchFilters(query=query, sources=["archives"], **kwargs)
    return {entry.object_id for entry in search_entries(person=person, filters=filters)}


def test_the_catalogue_is_found_by_title_reference_code_number_and_responsible(people, archive):
    _cast, records = archive
    plain = records["plain"]
    assert plain.reference_code
    for query in ("印章", plain.reference_code, plain.reference_code[-8:], "〔2026〕301"):
        assert plain.pk in _found(people.staff, query), query
    # 责任者 (the 来文单位) is in the entry's text.
    entry = SearchEntry.objects.get(source="archives", object_id=plain.pk)
    assert plain.responsible
    assert plain.responsible in entry.text
    assert plain.pk in _found(people.staff, plain.responsible)


def test_only_those_the_archives_rule_lets_see_a_record_find_it(
    people, archive, other_agency_person
):
    cast, records = archive
    plain, secret, waiting = records["plain"], records["secret"], records["waiting"]
    # The archivist: every 件 of their clearance, the one still waiting too.
    assert _found(cast.archivist, "印章") == {plain.pk, waiting.pk}
    assert _found(cast.archivist, "防汛") == {secret.pk}
    # Staff read the catalogue: filed 件 only, within their clearance (内部).
    assert _found(people.staff, "印章") == {plain.pk}
    assert _found(people.staff, "防汛") == set()
    # An archivist without the clearance for 秘密 does not find the 秘密 件.
    low = make_person(department=people.office, username="lowarch", clearance=Classification.NONE)
    grant(low, Role.ARCHIVIST)
    assert _found(low, "防汛") == set()
    assert _found(low, "印章") == {plain.pk, waiting.pk}
    for nobody in (people.sys_admin, people.sec_admin, people.audit_admin, other_agency_person):
        assert _found(nobody, "印章") == set()


def test_no_hit_count_or_snippet_for_an_uncleared_person_on_the_page_and_the_api(
    people, archive, client
):
    cast, records = archive
    secret = records["secret"]
    client.force_login(people.staff)
    body = client.get("/api/v1/search", {"q": "防汛物资", "type": "archives"}).json()
    assert body == {**body, "count": 0, "items": [], "count_capped": False}
    page = client.get("/search/", {"q": "防汛物资", "type": "archives"}).content.decode()
    assert "防汛物资储备" not in page
    assert secret.reference_code not in page
    assert "共 1 条" not in page
    # Cleared (the archivist), the same query finds it: snippet, number, link to the 件.
    client.force_login(cast.archivist)
    body = client.get("/api/v1/search", {"q": "防汛物资", "type": "archives"}).json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["type"] == "archives"
    assert item["type_label"] == "档案"
    assert item["url"] == f"/archives/records/{secret.pk}/"
    assert secret.reference_code in item["number"]
    assert "<mark>防汛物资</mark>" in item["title_html"]
    assert "<mark>" in item["snippet"] or secret.reference_code in item["snippet"]
    assert client.get(item["url"]).status_code == 200


def test_a_staff_member_opens_the_record_found(people, archive, client):
    _cast, records = archive
    client.force_login(people.staff)
    [item] = client.get("/api/v1/search", {"q": "印章", "type": "archives"}).json()["items"]
    assert item["id"] == records["plain"].pk
    assert client.get(item["url"]).status_code == 200


def test_the_entry_follows_intake_and_filing_after_commit(
    people, django_capture_on_commit_callbacks
):
    cast = archives_cast(people)
    with django_capture_on_commit_callbacks(execute=True):
        document = finished_incoming(
            people, title="关于做好耕地保护督查的通知", source_number="某发〔2026〕404号"
        )
    with django_capture_on_commit_callbacks(execute=True):
        record = archive_intake(actor=cast.archivist, source_type=INCOMING, source_id=document.pk)
    entry = SearchEntry.objects.get(source="archives", object_id=record.pk)
    assert entry.title == "关于做好耕地保护督查的通知"
    assert "某发〔2026〕404号" in entry.number
    assert entry.classification == record.classification
    with django_capture_on_commit_callbacks(execute=True):
        # 分类 and 归档 of the same 件 (taking it in again returns it).
        filed = filed_record(cast, INCOMING, document.pk, retention="D10")
    assert filed.pk == record.pk
    assert filed.reference_code
    entry = SearchEntry.objects.get(source="archives", object_id=filed.pk)
    assert filed.reference_code in entry.number
    assert f"档号：{filed.reference_code}" in entry.text


def test_reindex_covers_the_archives(people, archive):
    _cast, records = archive
    SearchEntry.objects.filter(source="archives").delete()
    assert search_reindex(source_key="archives") == ArchiveRecord.objects.count()
    assert set(
        SearchEntry.objects.filter(source="archives").values_list("object_id", flat=True)
    ) == {r.pk for r in records.values()}
