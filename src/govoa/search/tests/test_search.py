"""The one search box: two-character words and 文号 substrings on both databases, body and
attachment text, and nothing — hit, count or snippet — for a person who may not see it."""

import io

import docx
import pytest

from govoa.core.vocabulary import Classification, Role
from govoa.search.indexing import search_reindex
from govoa.search.models import SearchEntry
from govoa.search.selectors import SearchFilters, highlight, search_entries
from govoa.testing.factories import grant, make_person
from govoa.testing.incoming import register
from govoa.testing.outgoing import draft
from govoa.testing.supervision import assign

# Dates here meet the frozen today (FROZEN_NOW, 2026-11-16): the clock is named.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def _docx(text: str) -> io.BytesIO:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out


@pytest.fixture
def corpus(people):
    seal = register(people, title="关于规范印章使用管理的通知", source_number="某发改〔2026〕88号")
    flood = register(
        people,
        title="关于做好今冬明春有关工作的通知",
        source_number="某应急〔2026〕7号",
        classification=Classification.SECRET,
        secrecy_period="1年",
        uploads=[("通知.docx", _docx("请各单位切实做好防汛抗旱物资储备工作。"))],
    )
    memo = draft(
        people, title="关于报送年度工作总结的函", body="各处室：请于月底前报送防汛工作总结。"
    )
    task = assign(people, title="落实防汛检查整改任务")
    search_reindex()
    return {"seal": seal, "flood": flood, "memo": memo, "task": task}


def _found(person, query, **kwargs):
    rows = search_entries(person=person, filters=SearchFilters(query=query, **kwargs))
    return {(e.source, e.object_id) for e in rows}


def test_two_character_words_in_titles_bodies_and_attachments(people, corpus):
    seal, flood, memo, task = (corpus[k] for k in ("seal", "flood", "memo", "task"))
    assert _found(people.principal, "印章") == {("incoming", seal.pk)}
    found = _found(people.principal, "防汛")
    # 收文 by its attachment (DOCX), 发文 by its body, 督办 by its title.
    assert found == {("incoming", flood.pk), ("outgoing", memo.pk), ("supervision", task.pk)}
    assert _found(people.principal, "防汛", sources=["outgoing"]) == {("outgoing", memo.pk)}


def test_document_number_substrings(people, corpus):
    seal = corpus["seal"]
    assert ("incoming", seal.pk) in _found(people.principal, "〔2026〕88")
    assert ("incoming", seal.pk) in _found(people.principal, "发改〔2026")
    assert _found(people.principal, "〔2026〕99") == set()
    # The 收文编号 the registrar gave, by a fragment of it.
    assert ("incoming", seal.pk) in _found(people.principal, seal.number[-5:])


def test_uncleared_person_gets_no_hit_count_or_snippet(people, corpus, client):
    # A registrar sees every 收文 of the agency — except above their clearance.
    low = make_person(department=people.office, username="lowreg", clearance=Classification.NONE)
    grant(low, Role.REGISTRAR)
    assert ("incoming", corpus["flood"].pk) not in _found(low, "防汛")
    assert ("incoming", corpus["seal"].pk) in _found(low, "印章")
    client.force_login(low)
    page = client.get("/search/", {"q": "防汛抗旱"}).content.decode()
    assert "今冬明春" not in page
    assert "防汛抗旱物资" not in page
    assert "共 1 条" not in page
    body = client.get("/api/v1/search", {"q": "防汛抗旱"}).json()
    assert body["count"] == 0
    assert body["items"] == []
    # Cleared, the same query finds it with a highlighted snippet.
    client.force_login(people.principal)
    body = client.get("/api/v1/search", {"q": "防汛抗旱"}).json()
    assert body["count"] == 1
    assert "<mark>防汛抗旱</mark>" in body["items"][0]["snippet"]


def test_no_part_no_hit_and_other_agency_nothing(people, corpus, other_agency_person):
    # A 科员 of 规划处 took no part in these 收文: none found, though the words occur.
    assert not any(s == "incoming" for s, _ in _found(people.staff, "印章"))
    assert _found(other_agency_person, "防汛") == set()
    assert _found(people.sys_admin, "印章") == set()


def test_index_follows_commits(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = register(people, title="关于开展防汛应急演练的通知", source_number="")
    entry = SearchEntry.objects.get(source="incoming", object_id=document.pk)
    assert "防汛" in entry.search_text.split()
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not SearchEntry.objects.filter(source="incoming", object_id=document.pk).exists()


def test_highlight_escapes_markup() -> None:
    snippet = highlight("<b>印章</b>管理", "印章")
    assert str(snippet) == "&lt;b&gt;<mark>印章</mark>&lt;/b&gt;管理"


def test_api_refuses_bad_filters(people, client):
    client.force_login(people.principal)
    assert client.get("/api/v1/search", {"q": "印章", "type": "nosuch"}).status_code == 422
    response = client.get(
        "/api/v1/search", {"q": "印章", "date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert response.status_code == 422
    assert client.get("/api/v1/search", {"q": " "}).status_code == 422


def test_a_raised_classification_hides_the_entry_at_once(people, corpus):
    low = make_person(department=people.office, username="lowreg2", clearance=Classification.NONE)
    grant(low, Role.REGISTRAR)
    seal = corpus["seal"]
    assert ("incoming", seal.pk) in _found(low, "印章")
    seal.classification = Classification.SECRET
    seal.save(update_fields=["classification"])  # the index task has not run yet
    assert ("incoming", seal.pk) not in _found(low, "印章")


def test_meetings_are_found_by_their_agenda_by_those_who_may_see_them(people):
    from govoa.testing.meetings import request

    meeting = request(people, title="防汛物资调度会", agenda="一、通报物资储备情况")
    search_reindex()
    assert ("meetings", meeting.pk) in _found(people.staff, "储备")  # invited
    outsider = make_person(department=people.office, username="noinvite")
    grant(outsider, Role.DRAFTER)
    assert ("meetings", meeting.pk) not in _found(outsider, "储备")
