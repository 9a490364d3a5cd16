"""Who may act on a 发文 (issue 22): 转办, 加签 and 代理 reach only the people the node's rule
could reach, and the separation of duties of the shipped template (审核/核稿/法制审核 ≠ 拟稿,
核稿 ≠ 签发, 印制核对人 ≠ 印制人) is enforced on every act, through the API and the page
alike — a refusal is a 422 with the rule named, and changes nothing."""

import datetime

import pytest
from django.utils import timezone

from govoa.demo.seed import seed_demo
from govoa.flow.models import TrailEntry, WorkItem
from govoa.org.models import Agency, Person
from govoa.org.services.delegations import delegation_create
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.policies import SUBJECT_TYPE
from govoa.outgoing.services.drafting import outgoing_submit
from govoa.testing.flows import move_to
from govoa.testing.outgoing import BODY


@pytest.fixture
def demo(db):
    seed_demo()
    return {p.username: p for p in Person.objects.filter(agency__name="某市发展和改革委员会")}


def _open(document_id, node, assignee=None):
    items = WorkItem.objects.filter(
        instance__subject_type=SUBJECT_TYPE,
        instance__subject_id=document_id,
        node_key=node,
        status="open",
    )
    return items.get(assignee=assignee) if assignee else items.get()


def _snapshot(document_id):
    """Everything an act could change: the items and the trail of the document's flow."""
    items = WorkItem.objects.filter(
        instance__subject_type=SUBJECT_TYPE, instance__subject_id=document_id
    )
    trail = TrailEntry.objects.filter(
        instance__subject_type=SUBJECT_TYPE, instance__subject_id=document_id
    )
    return (
        sorted(items.values_list("pk", "status", "assignee_id", "delegated_from_id")),
        trail.count(),
    )


def _api_act(client, person, item, **body):
    client.force_login(person)
    return client.post(f"/api/v1/work-items/{item.pk}/act", body, content_type="application/json")


def _page_act(client, person, item, **data):
    client.force_login(person)
    return client.post(f"/outgoing/{item.instance.subject_id}/items/{item.pk}/act/", data)


def _at_checking():
    """The demo's 发文 waiting for 办公室核稿 (陈秀英)."""
    return OutgoingDocument.objects.get(status="checking")


def _new_submitted(demo):
    from govoa.outgoing.draft import Draft
    from govoa.outgoing.models import DocumentCategory
    from govoa.outgoing.services.drafting import outgoing_create

    guojun = demo["guojun"]
    category = DocumentCategory.objects.get(agency=guojun.agency, code="fa")
    document, _created = outgoing_create(
        actor=guojun,
        data=Draft(
            category_id=category.pk,
            doc_type="notice",
            title="某市发展和改革委员会关于做好2027年重点项目谋划工作的通知",
            recipients="各区县发展改革局、市直各有关部门",
            body=BODY,
            cc="市人民政府办公室",
        ),
    )
    outgoing_submit(actor=guojun, document=document)
    return document


@pytest.mark.parametrize("via", ["api", "page"])
@pytest.mark.parametrize("to", ["zhangzhiqiang", "guojun"])
def test_check_cannot_be_forwarded_to_the_signer_or_the_drafter(client, demo, via, to):
    document = _at_checking()
    item = _open(document.pk, "office_review", demo["chenxiuying"])
    before = _snapshot(document.pk)
    send = _api_act if via == "api" else _page_act
    response = send(
        client,
        demo["chenxiuying"],
        item,
        action="forward",
        opinion="请代为核稿",
        to_person=demo[to].pk,
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "办公室核稿" in text
    assert _snapshot(document.pk) == before


@pytest.mark.parametrize("via", ["api", "page"])
def test_review_cannot_be_forwarded_to_the_drafter(client, demo, via):
    document = _new_submitted(demo)
    item = _open(document.pk, "dept_review")
    assert item.assignee == demo["linchao"]
    before = _snapshot(document.pk)
    send = _api_act if via == "api" else _page_act
    response = send(
        client,
        demo["linchao"],
        item,
        action="forward",
        opinion="请郭军审核",
        to_person=demo["guojun"].pk,
    )
    assert response.status_code == 422
    assert "部门负责人审核" in response.content.decode()
    assert _snapshot(document.pk) == before


def test_forwarding_within_the_role_still_works(client, demo):
    """To another 办公室主任 (appointed after the item was sent): allowed; to one who already
    holds the same step: refused, since they have it already."""
    from govoa.core.vocabulary import Classification, Role
    from govoa.testing.factories import grant, make_person

    document = _at_checking()
    item = _open(document.pk, "office_review", demo["chenxiuying"])
    duplicate = _api_act(
        client,
        demo["chenxiuying"],
        item,
        action="forward",
        opinion="请核稿",
        to_person=demo["yangjing"].pk,
    )
    assert duplicate.status_code == 422
    assert "已在本环节办理中" in duplicate.json()["error"]["message"]
    deputy = make_person(
        department=demo["chenxiuying"].department,
        username="bgsfzr",
        real_name="办公室新任副主任",
        clearance=Classification.SECRET,
    )
    grant(deputy, Role.OFFICE_HEAD)
    response = _api_act(
        client,
        demo["chenxiuying"],
        item,
        action="forward",
        opinion="请代为核稿",
        to_person=deputy.pk,
    )
    assert response.status_code == 200, response.content
    assert _open(document.pk, "office_review", deputy).created_by_item_id == item.pk


def test_the_checker_cannot_sign_what_he_checked(demo):
    """Even when the template lets 核稿 reach a leader, 核稿 ≠ 签发 holds."""
    from govoa.core.errors import ValidationFailed
    from govoa.flow.services.acts import work_item_act
    from govoa.flow.services.checklists import every_item_ticked

    document = _at_checking()
    item = _open(document.pk, "office_review", demo["chenxiuying"])
    zhang = demo["zhangzhiqiang"]
    # Put 张志强 at 核稿 directly (as a wider template might), then let him pass it.
    WorkItem.objects.filter(pk=item.pk).update(assignee=zhang)
    with pytest.raises(ValidationFailed) as refused:
        work_item_act(
            actor=zhang,
            item_id=item.pk,
            action="approve",
            opinion="核稿无误",
            payload=every_item_ticked(item),
        )
    assert "分管领导审签" in refused.value.message
    assert _open(document.pk, "office_review", zhang).pk == item.pk


def test_a_delegation_never_makes_the_drafter_his_own_reviewer(client, demo):
    today = timezone.localdate()
    linchao, guojun = demo["linchao"], demo["guojun"]
    existing = _new_submitted(demo)
    old_item = _open(existing.pk, "dept_review")
    delegation_create(
        actor=linchao,
        principal=linchao,
        delegate=guojun,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=5),
        reason="出差",
    )
    # A new 审核 stays with 林超: his delegate drafted the text.
    document = _new_submitted(demo)
    item = _open(document.pk, "dept_review")
    assert (item.assignee, item.delegated_from) == (linchao, None)
    # And the delegate may not act on 林超's older 审核 of his own draft either.
    before = _snapshot(existing.pk)
    response = _api_act(client, guojun, old_item, action="approve", opinion="同意")
    assert response.status_code == 422
    assert "拟稿" in response.json()["error"]["message"]
    assert _snapshot(existing.pk) == before


def test_the_printer_cannot_check_his_own_print(client, demo):
    """赵磊 prints through his delegate 黄晓东: naming 赵磊 as the second checker is refused."""
    today = timezone.localdate()
    zhaolei, huang = demo["zhaolei"], demo["huangxiaodong"]
    document = _new_submitted(demo)
    OutgoingDocument.objects.filter(pk=document.pk).update(
        reviewed_at=timezone.now(), checked_at=timezone.now(), number="市发改发〔2026〕9号"
    )
    move_to(_open(document.pk, "dept_review").instance, "print", actor=zhaolei)
    items = WorkItem.objects.filter(
        instance__subject_id=document.pk, node_key="print", status="open"
    )
    item = items.get(assignee=zhaolei)
    delegation_create(
        actor=zhaolei,
        principal=zhaolei,
        delegate=huang,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=5),
        reason="培训",
    )
    before = _snapshot(document.pk)
    agencies = Agency.objects.count()
    response = _api_act(
        client,
        huang,
        item,
        action="approve",
        opinion="印制完成",
        payload={"checked_by": zhaolei.pk, "copies": 10},
    )
    assert response.status_code == 422, response.content
    assert "核对" in response.json()["error"]["message"]
    assert _snapshot(document.pk) == before
    assert Agency.objects.count() == agencies  # nothing made on the way
