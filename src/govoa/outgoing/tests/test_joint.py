"""联合行文 service by service: the lead's flow sends 会签 requests through the exchange at
联署机关会签, each co-issuer handles its own on its own flow, the 签发 comes back, the
成文日期 is the last 签发; a refusal goes back to the lead with its reason."""

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.documents.models import Exchange
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.checklists import every_item_ticked
from govoa.outgoing.joint_models import JointState
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.services import joint
from govoa.outgoing.services.drafting import outgoing_submit
from govoa.outgoing.workflow import Status
from govoa.testing.joint import co_issuer_cast, joint_draft, request_of
from govoa.testing.outgoing import outgoing_cast

pytestmark = pytest.mark.usefixtures("frozen_clock")


def lead_act(document, node, action="approve", opinion="同意", actor=None, **payload):
    item = WorkItem.objects.get(
        subject_type="outgoing.outgoingdocument",
        subject_id=document.pk,
        node_key=node,
        status="open",
    )
    if action == "approve":  # 核稿 goes through the 办文三性 list
        payload = {**every_item_ticked(item), **payload}
    work_item_act(
        actor=actor or item.assignee,
        item_id=item.pk,
        action=action,
        opinion=opinion,
        payload=payload,
    )
    document.refresh_from_db()


def co_act(row, node, actor, action="approve", opinion="同意", **payload):
    item = WorkItem.objects.get(
        subject_type=joint.JOINT_SUBJECT_TYPE, subject_id=row.pk, node_key=node, status="open"
    )
    if action == "approve":
        payload = {**every_item_ticked(item), **payload}
    work_item_act(actor=actor, item_id=item.pk, action=action, opinion=opinion, payload=payload)
    row.refresh_from_db()


def receive(row, co):
    co_act(row, "receive", co.registrar, next_assignees=[co.dept_head.pk])


def co_sign_all(row, co):
    receive(row, co)
    co_act(row, "review", co.dept_head, opinion="审核同意")
    co_act(row, "check", co.office_head, opinion="核稿无误")
    co_act(row, "sign", co.principal, opinion="同意联合印发")


@pytest.fixture
def cast(people):
    return outgoing_cast(people)


@pytest.fixture
def finance():
    return co_issuer_cast()


@pytest.fixture
def natural():
    return co_issuer_cast("测试市自然资源局", "zr")


def at_joint(people, *co):
    document = joint_draft(people, *co)
    outgoing_submit(actor=people.staff, document=document)
    document.refresh_from_db()
    lead_act(document, "dept_review")
    return document


def test_co_issuers_are_other_active_agencies_in_order(people, finance, natural):
    document = joint_draft(people, natural, finance)
    assert [c.agency_id for c in document.co_issuers.all()] == [
        natural.agency.pk,
        finance.agency.pk,
    ]
    for ids, message in (
        ([people.agency.pk], "本机关是主办机关，不能同时为联署机关。"),
        ([finance.agency.pk, finance.agency.pk], "同一联署机关不能重复。"),
        ([999999], "请选择本平台上的其他机关。"),
        (["x"], "联署机关无效。"),
    ):
        with pytest.raises(ValidationFailed) as excinfo:
            joint_draft(people, co_issuer_ids=ids)
        assert excinfo.value.fields == {"co_issuer_ids": [message]}


def test_two_co_issuers_countersign_through_the_exchange(people, cast, finance, natural):
    document = at_joint(people, finance, natural)
    assert document.status == Status.JOINT_SIGNING
    assert document.joint_round == 1
    rows = [request_of(document, finance), request_of(document, natural)]
    for row in rows:
        exchange = Exchange.objects.get(pk=row.exchange_id)
        assert exchange.receiver_agency_id == row.agency_id
        assert exchange.files.count() == 1  # the text as sent, a PDF
    # Not before every co-issuer signed.
    with pytest.raises(
        TransitionNotAllowed, match="尚有联署机关未会签：测试市财政局、测试市自然资源局"
    ):
        lead_act(document, "joint_countersign")
    # Each on its own flow, by its own people; the lead's people cannot act there.
    item = WorkItem.objects.get(subject_id=rows[0].pk, subject_type=joint.JOINT_SUBJECT_TYPE)
    assert item.assignee.agency_id == finance.agency.pk
    with pytest.raises(NotFound):
        work_item_act(actor=people.registrar, item_id=item.pk, action="approve")
    co_sign_all(rows[0], finance)
    assert Exchange.objects.get(pk=rows[0].exchange_id).status == "received"  # the 回执
    assert rows[0].state == JointState.SIGNED
    assert rows[0].signed_by == finance.principal
    with pytest.raises(TransitionNotAllowed, match="尚有联署机关未会签：测试市自然资源局"):
        lead_act(document, "joint_countersign")
    co_sign_all(rows[1], natural)
    lead_act(document, "joint_countersign", opinion="会签齐全")
    assert document.status == Status.CHECKING
    lead_act(document, "office_review")
    lead_act(document, "leader_sign", opinion="同意")
    lead_act(document, "recheck")
    lead_act(document, "number")
    # One number: the lead's only.
    assert document.number == f"测发改发〔{document.year}〕1号"
    assert [r.signed_by for r in joint.joint_signed(document)] == [
        finance.principal,
        natural.principal,
    ]
    assert joint.written_on(document) == max(
        d.date() for d in [document.signed_at, *(r.signed_at for r in joint.joint_signed(document))]
    )
    # As printed: the joint mark and a 署名 for each, lead first; the last 签发 dates it.
    from govoa.core.dates import chinese_date
    from govoa.outgoing.official import findings_for, to_official

    official = to_official(document)
    names = (people.agency.name, finance.agency.name, natural.agency.name)
    assert official.issuer_names == names
    assert official.issuer_word == "文件"
    assert tuple(s.name for s in official.signatories) == names
    assert official.date == chinese_date(joint.written_on(document))
    assert official.doc_number == document.number
    assert [f.rule for f in findings_for(document, "review") if "joint" in f.rule] == []
    document.joint_header = False  # the lead's mark alone, when so chosen
    assert to_official(document).issuer_names == ()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"outgoing.joint.request", "outgoing.joint.sign"} <= actions


def test_separation_of_duties_at_the_co_issuer(people, cast, finance):
    from govoa.core.vocabulary import Role
    from govoa.testing.factories import grant

    document = at_joint(people, finance)
    row = request_of(document, finance)
    # The one who took it in may not review it, even holding the role.
    grant(finance.registrar, Role.DEPT_HEAD)
    item = WorkItem.objects.get(
        subject_type=joint.JOINT_SUBJECT_TYPE, subject_id=row.pk, node_key="receive", status="open"
    )
    with pytest.raises(ValidationFailed, match="职责分离"):
        work_item_act(
            actor=finance.registrar,
            item_id=item.pk,
            action="approve",
            payload={"next_assignees": [finance.registrar.pk]},
        )
    # Only a department head may be named.
    with pytest.raises(ValidationFailed) as excinfo:
        work_item_act(
            actor=finance.registrar,
            item_id=item.pk,
            action="approve",
            payload={"next_assignees": [finance.principal.pk]},
        )
    assert "不是处室负责人" in str(excinfo.value.fields)
    # 审核 ≠ 核稿: the reviewer, also an office head, may not check the text.
    grant(finance.dept_head, Role.OFFICE_HEAD)
    receive(row, finance)
    co_act(row, "review", finance.dept_head)
    item = WorkItem.objects.get(
        subject_type=joint.JOINT_SUBJECT_TYPE, subject_id=row.pk, node_key="check", status="open"
    )
    assert item.assignee_id != finance.dept_head.pk
    assert not WorkItem.objects.filter(
        subject_type=joint.JOINT_SUBJECT_TYPE,
        subject_id=row.pk,
        node_key="check",
        assignee=finance.dept_head,
    ).exists()
    row.refresh_from_db()
    assert row.state == JointState.SENT


def test_refusal_returns_to_the_lead_with_the_reason(people, cast, finance):
    document = at_joint(people, finance)
    row = request_of(document, finance)
    receive(row, finance)
    with pytest.raises(ValidationFailed):
        co_act(row, "review", finance.dept_head, action="reject", opinion=" ")
    co_act(row, "review", finance.dept_head, action="reject", opinion="资金测算依据不足")
    assert row.state == JointState.REFUSED
    assert row.refused_reason == "资金测算依据不足"
    with pytest.raises(TransitionNotAllowed, match="测试市财政局：资金测算依据不足"):
        lead_act(document, "joint_countersign")
    lead_act(
        document, "joint_countersign", action="return", opinion="联署机关退回", target_node="draft"
    )
    assert document.status == Status.DRAFTING
    # Submitted again, it reaches 联署机关会签 and a new round goes out; the old one lapsed.
    lead_act(document, "draft", actor=people.staff)
    lead_act(document, "dept_review")
    assert document.joint_round == 2
    fresh = request_of(document, finance)
    assert fresh.pk != row.pk
    assert fresh.state == JointState.SENT
    co_sign_all(fresh, finance)
    lead_act(document, "joint_countersign")
    assert document.status == Status.CHECKING


def test_a_lapsed_request_cannot_be_signed(people, cast, finance):
    document = at_joint(people, finance)
    row = request_of(document, finance)
    lead_act(document, "joint_countersign", action="return", opinion="再改改", target_node="draft")
    lead_act(document, "draft", actor=people.staff)
    lead_act(document, "dept_review")
    with pytest.raises(TransitionNotAllowed, match="已失效"):
        receive(row, finance)
    assert OutgoingDocument.objects.get(pk=document.pk).joint_round == 2
