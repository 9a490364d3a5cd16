"""A department head's search (ADR 0021): the department's 收文 and 发文 are read from the
entry's own department column — found by the head of that department and by no other, at
once when a document changes department (before the index task runs), each hit once even
when the head also took part in it, and capped like every search."""

import datetime

import pytest
from django.utils import timezone

from govoa.core.search import index_text
from govoa.core.vocabulary import Role
from govoa.incoming.models import IncomingDocument
from govoa.search.indexing import search_reindex
from govoa.search.models import SearchEntry
from govoa.search.selectors import SEARCH_CAP, SearchFilters, search_candidates, search_entries
from govoa.testing.factories import grant, make_person
from govoa.testing.incoming import register
from govoa.testing.outgoing import draft

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def _found(person, query):
    return {
        (e.source, e.object_id) for e in search_entries(person=person, filters=SearchFilters(query))
    }


def _lead(document, department) -> None:
    document.lead_department = department
    document.save(update_fields=["lead_department"])  # as 拟办 does; the index task waits


@pytest.fixture
def energy_head(people):
    head = make_person(department=people.energy, username="energyhead")
    grant(head, Role.DEPT_HEAD, [people.energy])
    return head


@pytest.fixture
def documents(people):
    ours = register(people, title="关于规划处防汛物资储备的通知", source_number="")
    theirs = register(people, title="关于能源处防汛值班安排的通知", source_number="")
    unassigned = register(people, title="关于防汛工作的通知（未拟办）", source_number="")
    _lead(ours, people.planning)
    _lead(theirs, people.energy)
    memo = draft(people, title="关于报送防汛工作总结的函", body="请于月底前报送。")
    search_reindex()
    return {"ours": ours, "theirs": theirs, "unassigned": unassigned, "memo": memo}


def test_a_head_finds_the_departments_documents_and_no_others(people, documents, energy_head):
    ours, theirs, unassigned, memo = (
        documents[k] for k in ("ours", "theirs", "unassigned", "memo")
    )
    # The 发文 is drafted in 规划处 (its drafter's department).
    assert _found(people.dept_head, "防汛") == {("incoming", ours.pk), ("outgoing", memo.pk)}
    assert _found(energy_head, "防汛") == {("incoming", theirs.pk)}
    # The deputy supervises 规划处 (and the office): the same department's documents.
    assert ("incoming", ours.pk) in _found(people.deputy, "防汛")
    assert ("incoming", theirs.pk) not in _found(people.deputy, "防汛")
    assert ("incoming", unassigned.pk) not in _found(people.dept_head, "防汛")
    assert not any(source == "incoming" for source, _ in _found(people.staff, "防汛"))


def test_a_document_moved_to_another_department_moves_its_hit_at_once(
    people, documents, energy_head
):
    ours = documents["ours"]
    _lead(ours, people.energy)  # no index task has run: the entry's department moved with it
    assert ("incoming", ours.pk) not in _found(people.dept_head, "防汛")
    assert ("incoming", ours.pk) in _found(energy_head, "防汛")
    entry = SearchEntry.objects.get(source="incoming", object_id=ours.pk)
    assert entry.department_id == people.energy.pk


def test_a_document_of_the_department_the_head_also_handled_is_one_hit(people, documents):
    ours = documents["ours"]
    ours.handler = people.dept_head
    ours.save(update_fields=["handler"])
    ids = search_candidates(person=people.dept_head, filters=SearchFilters("防汛"))
    assert len(ids) == len(set(ids)) == 2


def test_the_departments_hits_are_capped(people, client):
    now = timezone.now()
    documents = IncomingDocument.objects.bulk_create(
        IncomingDocument(
            agency=people.agency,
            number=f"收〔2026〕{n + 1}号",
            year=2026,
            serial=n + 1,
            source_org="某市人民政府办公室",
            title=f"关于印章管理的通知{n}",
            doc_type="notice",
            received_at=now - datetime.timedelta(minutes=n),
            received_by=people.registrar,
            registered_by=people.registrar,
            lead_department=people.planning,
        )
        for n in range(SEARCH_CAP + 5)
    )
    SearchEntry.objects.bulk_create(
        SearchEntry(
            agency_id=people.agency.pk,
            source="incoming",
            object_id=document.pk,
            title=document.title,
            number=document.number,
            department_id=people.planning.pk,
            date=document.received_at,
            search_text=index_text([document.title, document.number]),
        )
        for document in documents
    )
    client.force_login(people.dept_head)
    body = client.get("/api/v1/search", {"q": "印章"}).json()
    assert body["count"] == SEARCH_CAP
    assert body["count_capped"] is True
    assert body["items"][0]["title"] == "关于印章管理的通知0"  # newest first
    client.force_login(people.staff)  # not the department's head: none of them
    assert client.get("/api/v1/search", {"q": "印章"}).json()["count"] == 0
