"""协办 (issue 22; 000 一(一)4): each 协办 department gets its own item as soon as 分办 sends
the document to the 承办人, with a deadline before the 主办's; its opinion and material are
on the document for the 主办 to see; the 主办's 办理完毕 is held while a 协办 has not
answered, unless a reason is given, which the trail records."""

import datetime
import io

import pytest
from django.utils import timezone

from govoa.flow.models import TrailEntry, WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.incoming.workflow import Status
from govoa.notify.models import Notification
from govoa.testing.incoming import PDF, incoming_cast, register


@pytest.fixture
def cast(people):
    return incoming_cast(people)


def _open(document, node, person=None):
    items = WorkItem.objects.filter(
        instance__subject_id=document.pk, node_key=node, status="open"
    ).select_related("assignee")
    return items.get(assignee=person) if person else list(items.order_by("pk"))


def _page_act(client, person, document, **data):
    client.force_login(person)
    item = WorkItem.objects.get(instance__subject_id=document.pk, assignee=person, status="open")
    return client.post(f"/incoming/{document.pk}/items/{item.pk}/act/", data)


def _to_handling(client, people, cast, deadline):
    """Registered, screened, proposed, instructed with two 协办 departments, and 分办."""
    document = register(people)
    assert (
        _page_act(
            client, people.registrar, document, action="approve", opinion="符合要求"
        ).status_code
        == 302
    )
    response = _page_act(
        client,
        cast.office_head,
        document,
        action="approve",
        proposal_kind="instruct",
        leader=people.deputy.pk,
        opinion="拟请分管领导阅示",
    )
    assert response.status_code == 302
    response = _page_act(
        client,
        people.deputy,
        document,
        action="approve",
        opinion="请规划处牵头，能源处、办公室协办",
        lead_department=people.planning.pk,
        co_departments=[people.energy.pk, people.office.pk],
        deadline=deadline.isoformat(),
    )
    assert response.status_code == 302
    response = _page_act(
        client,
        people.dept_head,
        document,
        action="approve",
        handler=people.staff.pk,
        opinion="请承办",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    return document


def test_both_co_departments_have_items_right_after_assignment(client, people, cast):
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    document = _to_handling(client, people, cast, deadline)
    assert document.status == Status.HANDLING
    handle = _open(document, "handle", people.staff)
    assert handle.due_date == deadline
    co = _open(document, "co_handle")
    assert {i.assignee for i in co} == {cast.energy_head, cast.office_dept_head}
    assert {i.department_id for i in co} == {people.energy.pk, people.office.pk}
    for item in co:
        assert item.due_date is not None
        assert item.due_date < deadline
        assert Notification.objects.filter(
            recipient=item.assignee, kind="flow.item.assigned", url=f"/flow/items/{item.pk}/"
        ).exists()
    # The 承办人 sees who 协办 and by when.
    client.force_login(people.staff)
    page = client.get(f"/incoming/{document.pk}/").content.decode()
    assert "协办意见" in page
    assert "能源处" in page
    assert "待答复" in page


def test_the_main_handler_is_held_until_every_co_department_answers(client, people, cast):
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    document = _to_handling(client, people, cast, deadline)
    # 能源处 answers, with material.
    client.force_login(cast.energy_head)
    upload = io.BytesIO(PDF)
    upload.name = "能源项目清单.pdf"
    response = client.post(f"/incoming/{document.pk}/co-materials/", {"materials": [upload]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert (
        _page_act(
            client, cast.energy_head, document, action="approve", opinion="能源项目3个，清单附后"
        ).status_code
        == 302
    )
    # The 主办 cannot finish while 办公室 has not answered.
    before = TrailEntry.objects.filter(instance__subject_id=document.pk).count()
    response = _page_act(client, people.staff, document, action="approve", opinion="已汇总")
    assert response.status_code == 422
    text = response.content.decode()
    assert "办公室" in text
    assert "尚未答复" in text
    assert TrailEntry.objects.filter(instance__subject_id=document.pk).count() == before
    assert _open(document, "handle", people.staff)
    # 办公室 answers; the 主办 sees both opinions and the material, then finishes.
    assert (
        _page_act(
            client, cast.office_dept_head, document, action="approve", opinion="办公室无意见"
        ).status_code
        == 302
    )
    client.force_login(people.staff)
    page = client.get(f"/incoming/{document.pk}/").content.decode()
    for expected in ("能源项目3个，清单附后", "办公室无意见", "能源项目清单.pdf"):
        assert expected in page, expected
    assert (
        _page_act(
            client, people.staff, document, action="approve", opinion="已汇总报送"
        ).status_code
        == 302
    )
    finished = TrailEntry.objects.get(instance__subject_id=document.pk, node_key="handle")
    assert set(finished.details["companions_answered"]) == {"能源处", "办公室"}
    # 办结: the registrar's page shows both 协办 opinions.
    client.force_login(people.registrar)
    page = client.get(f"/incoming/{document.pk}/").content.decode()
    assert "能源项目3个，清单附后" in page
    assert "办公室无意见" in page
    assert IncomingDocument.objects.get(pk=document.pk).status == Status.COMPLETING


def test_finishing_without_a_co_department_needs_a_recorded_reason(client, people, cast):
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    document = _to_handling(client, people, cast, deadline)
    client.force_login(people.staff)
    item = _open(document, "handle", people.staff)
    body = {"action": "approve", "opinion": "已办理"}
    refused = client.post(
        f"/api/v1/work-items/{item.pk}/act", body, content_type="application/json"
    )
    assert refused.status_code == 422
    assert "能源处" in refused.json()["error"]["message"]
    response = client.post(
        f"/api/v1/work-items/{item.pk}/act",
        {**body, "payload": {"companion_reason": "时限紧迫，协办意见后补"}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert _open(document, "co_handle") == []
    entry = TrailEntry.objects.get(instance__subject_id=document.pk, node_key="handle")
    assert entry.details["companion_reason"] == "时限紧迫，协办意见后补"
    assert set(entry.details["companions_pending"]) == {"能源处", "办公室"}
    # The 收文处理单 says so beside the 承办 result.
    from govoa.flow.presenters import signed_opinions

    [handled] = signed_opinions("incoming.incomingdocument", document.pk)["handle"]
    assert "协办未答复：" in handled.text
    assert "能源处" in handled.text
    assert "理由：时限紧迫，协办意见后补" in handled.text


def test_co_material_over_the_api_and_only_by_a_co_department(client, people, cast):
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    document = _to_handling(client, people, cast, deadline)
    upload = io.BytesIO(PDF)
    upload.name = "意见.pdf"
    client.force_login(people.staff)  # the 主办 is not a 协办 department
    refused = client.post(
        f"/api/v1/incoming-documents/{document.pk}/co-materials", {"files": [upload]}
    )
    assert refused.status_code == 403
    upload.seek(0)
    client.force_login(cast.energy_head)
    response = client.post(
        f"/api/v1/incoming-documents/{document.pk}/co-materials", {"files": [upload]}
    )
    assert response.status_code == 201, response.content
    materials = response.json()["co_handling"]
    energy = next(row for row in materials if row["department"] == "能源处")
    assert [m["name"] for m in energy["materials"]] == ["意见.pdf"]
    assert energy["status"] == "pending"


def test_a_co_department_may_take_back_its_answer_while_the_main_handler_works(
    client, people, cast
):
    from govoa.flow.services.acts import work_item_act, work_item_withdraw

    document = _to_handling(client, people, cast, timezone.localdate() + datetime.timedelta(days=9))
    item = _open(document, "co_handle", cast.energy_head)
    work_item_act(actor=cast.energy_head, item_id=item.pk, action="approve", opinion="初步意见")
    work_item_withdraw(actor=cast.energy_head, item_id=item.pk)
    item.refresh_from_db()
    assert item.status == "open"
    assert item.instance.current_node == "handle"
    document.refresh_from_db()
    assert document.status == Status.HANDLING


def test_co_handling_after_the_main_handler_stays_a_template_choice(client, people, cast):
    """The earlier behaviour — 协办 only once 承办 is done — is a template an agency may
    publish: 协办 without ``alongside``, with its own transitions."""
    import copy

    from govoa.flow.services.templates import template_draft, template_draft_save, template_publish

    draft = template_draft(actor=people.sys_admin, code="incoming")
    data = copy.deepcopy(draft.definition)
    nodes = {n["key"]: n for n in data["nodes"]}
    nodes["handle"]["transitions"] = [
        {"to": "co_handle", "when": "incoming_has_co_departments"},
        {"to": "complete", "when": ""},
    ]
    nodes["co_handle"].update(
        alongside="",
        due_before_host=None,
        transitions=[{"to": "handle", "when": "has_dissent"}, {"to": "complete", "when": ""}],
    )
    template_draft_save(actor=people.sys_admin, draft_id=draft.pk, definition=data)
    template_publish(actor=people.sys_admin, draft_id=draft.pk)
    document = _to_handling(client, people, cast, timezone.localdate() + datetime.timedelta(days=9))
    assert _open(document, "co_handle") == []
    response = _page_act(client, people.staff, document, action="approve", opinion="已办理")
    assert response.status_code == 302
    assert {i.assignee for i in _open(document, "co_handle")} == {
        cast.energy_head,
        cast.office_dept_head,
    }
