"""The document page (and the API beside it): what it costs, what it audits, what it offers."""

import io

import pytest
from django.utils import timezone

from govoa.audit.models import AuditEvent
from govoa.core.vocabulary import Classification, Role
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.incoming.models import IncomingDocument
from govoa.incoming.selectors import known_sources
from govoa.incoming.workflow import Status
from govoa.testing.factories import grant, make_person
from govoa.testing.incoming import PDF, incoming_cast, register
from govoa.testing.queries import query_count


@pytest.fixture
def cast(people):
    return incoming_cast(people)


def _act(document, actor, action="approve", **payload):
    item = WorkItem.objects.get(instance__subject_id=document.pk, assignee=actor, status="open")
    work_item_act(actor=actor, item_id=item.pk, action=action, opinion="同意", payload=payload)


def _in_circulation(people, cast, readers, number):
    """Instructed by the deputy: 分办 with the planning head, and ``readers`` reading."""
    document = register(people, source_number=f"某发改〔2026〕{number}号")
    _act(document, people.registrar)
    _act(document, cast.office_head, proposal_kind="instruct", next_assignees=[people.deputy.pk])
    _act(
        document,
        people.deputy,
        lead_department=people.planning.pk,
        readers=[r.pk for r in readers],
    )
    return document


def _upload(name="补充.pdf"):
    stream = io.BytesIO(PDF)
    stream.name = name
    return stream


def test_detail_page_cost_does_not_grow_with_the_readers(client, people, cast):
    more = [
        make_person(department=people.energy, real_name=f"加阅{n}", username=f"jiayue{n}")
        for n in range(4)
    ]
    few = _in_circulation(people, cast, cast.readers[:1], 201)
    many = _in_circulation(people, cast, cast.readers + more, 202)
    assert WorkItem.objects.filter(instance__subject_id=many.pk, status="open").count() == 8
    client.force_login(people.deputy)  # took part, so 催办 asks the flow about them
    page = client.get(f"/incoming/{many.pk}/")
    assert page.status_code == 200
    assert page.content.decode().count('name="channel"') == 8  # one 催办 form per holder
    client.get(f"/incoming/{few.pk}/")
    few_queries = query_count(lambda: client.get(f"/incoming/{few.pk}/"))
    assert query_count(lambda: client.get(f"/incoming/{many.pk}/")) == few_queries


def test_a_stale_item_link_looks_the_items_up_once(client, people, cast):
    document = register(people)
    screen = WorkItem.objects.get(instance__subject_id=document.pk, status="open")
    _act(document, people.registrar)
    client.force_login(people.registrar)
    client.get(f"/incoming/{document.pk}/")
    plain = query_count(lambda: client.get(f"/incoming/{document.pk}/"))
    assert query_count(lambda: client.get(f"/incoming/{document.pk}/?item={screen.pk}")) == plain


@pytest.mark.parametrize("raw", ["²", "١", "99999999999999999999999", "-3", "1,2", "x"])
def test_any_item_parameter_shows_the_page(client, people, raw):
    document = register(people)
    client.force_login(people.registrar)
    response = client.get(f"/incoming/{document.pk}/", {"item": raw})
    assert response.status_code == 200
    assert "办理：" in response.content.decode()  # the registrar's own 初审 item


def test_a_named_item_is_the_one_shown(client, people, cast):
    document = _in_circulation(people, cast, [people.dept_head], 203)
    assign, read = WorkItem.objects.filter(
        instance__subject_id=document.pk, assignee=people.dept_head, status="open"
    ).order_by("node_key")
    client.force_login(people.dept_head)
    for item in (assign, read):
        response = client.get(f"/incoming/{document.pk}/?item={item.pk}")
        assert response.context["item"] == item


def test_viewing_a_classified_document_is_audited_on_the_page_and_the_api(client, people):
    secret = register(
        people, classification=Classification.SECRET, secrecy_period="1年", source_number=""
    )
    plain = register(people, source_number="")
    client.force_login(people.registrar)
    for url in (f"/incoming/{plain.pk}/", f"/api/v1/incoming-documents/{plain.pk}"):
        assert client.get(url).status_code == 200
    assert not AuditEvent.objects.filter(action="incoming.document.view").exists()
    assert client.get(f"/incoming/{secret.pk}/").status_code == 200
    assert client.get(f"/api/v1/incoming-documents/{secret.pk}").status_code == 200
    events = AuditEvent.objects.filter(action="incoming.document.view").order_by("pk")
    assert [(e.actor_id, e.object_id) for e in events] == [
        (people.registrar.pk, str(secret.pk)),
        (people.registrar.pk, str(secret.pk)),
    ]
    assert events[0].details == {"number": secret.number, "classification": secret.classification}


@pytest.mark.parametrize(
    ("classification", "period", "email_offered"),
    [(Classification.NONE, "", True), (Classification.SECRET, "1年", False)],
)
def test_remind_form_offers_email_only_for_unclassified(
    client, people, classification, period, email_offered
):
    document = register(
        people, classification=classification, secrecy_period=period, source_number=""
    )
    client.force_login(people.registrar)
    page = client.get(f"/incoming/{document.pk}/")
    assert page.context["may_remind"]
    channels = [value for value, _ in page.context["remind_form"].fields["channel"].choices]
    assert ("email" in channels) == email_offered
    assert "system" in channels


def test_no_attachments_form_or_upload_once_completed(client, people):
    document = register(people)
    client.force_login(people.registrar)
    assert client.get(f"/incoming/{document.pk}/").context["attachments_form"] is not None
    IncomingDocument.objects.filter(pk=document.pk).update(status=Status.COMPLETED)
    assert client.get(f"/incoming/{document.pk}/").context["attachments_form"] is None
    page = client.post(f"/incoming/{document.pk}/attachments/add/", {"attachments": [_upload()]})
    assert page.status_code == 409
    assert "不能再补充附件" in page.content.decode()
    api = client.post(
        f"/api/v1/incoming-documents/{document.pk}/attachments", {"files": [_upload()]}
    )
    assert api.status_code == 409
    assert "不能再补充附件" in api.json()["error"]["message"]
    assert document.attachments.count() == 1


def test_no_upload_after_hand_over_for_archive(client, people):
    document = register(people)
    IncomingDocument.objects.filter(pk=document.pk).update(archive_ready_at=timezone.now())
    client.force_login(people.registrar)
    assert client.get(f"/incoming/{document.pk}/").context["attachments_form"] is None
    api = client.post(
        f"/api/v1/incoming-documents/{document.pk}/attachments", {"files": [_upload()]}
    )
    assert api.status_code == 409


def test_source_suggestions_leave_out_what_the_registrar_may_not_see(client, people):
    cleared = make_person(
        department=people.office, username="jiyao", clearance=Classification.TOP_SECRET
    )
    grant(cleared, Role.REGISTRAR)
    register(people, source_org="某普通来文单位", source_number="")
    cleared_people = type("P", (), {"registrar": cleared})
    register(
        cleared_people,
        source_org="某绝密来文单位",
        source_number="",
        classification=Classification.TOP_SECRET,
        secrecy_period="30年",
    )
    assert known_sources(person=cleared) == ["某普通来文单位", "某绝密来文单位"]
    assert known_sources(person=people.registrar) == ["某普通来文单位"]
    client.force_login(people.registrar)
    page = client.get("/incoming/new/").content.decode()
    assert "某普通来文单位" in page
    assert "某绝密来文单位" not in page
