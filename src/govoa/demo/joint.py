"""Demo 联合行文: a joint 通知 of the two demo agencies, drafted and numbered by the
commission, 会签ed and signed by the bureau through the exchange on its own flow (签收 →
部门负责人审核 → 办公室核稿 → 签发), then 核稿, 签发, 编号, 校对 and 印制 at the commission;
at 用印 the bureau's keeper stamps the bureau's 公章 over its 署名 first, the commission's
keeper its own over its 署名 and the 成文日期: it waits for 分发, its PDF bearing both names
and both seals (two PAdES signatures)."""

import datetime

from govoa.demo.acting import act_on
from govoa.demo.outgoing import BODY
from govoa.org.models import Agency, Person
from govoa.outgoing.draft import Draft
from govoa.outgoing.models import DocumentCategory, JointCountersign, OutgoingDocument
from govoa.outgoing.policies import JOINT_SUBJECT_TYPE, SUBJECT_TYPE
from govoa.outgoing.services.drafting import outgoing_create, outgoing_submit
from govoa.seals.services.registry import SealData, seal_register

TITLE = "某市发展和改革委员会 某市工业和信息化局关于联合开展重点产业项目谋划储备工作的通知"


def seed_joint(lead: Agency, partner: Agency) -> OutgoingDocument:
    drafter = Person.objects.get(agency=lead, username="guojun")
    category = DocumentCategory.objects.get(agency=lead, code="fa")
    document, _created = outgoing_create(
        actor=drafter,
        data=Draft(
            category_id=category.pk,
            doc_type="notice",
            title=TITLE,
            recipients="各区县发展改革局、各区县工业和信息化局",
            body=BODY,
            cc="市人民政府办公室",
            co_issuer_ids=[partner.pk],
        ),
    )
    outgoing_submit(actor=drafter, document=document, opinion="请审核（联合行文）")
    act_on(SUBJECT_TYPE, document.pk, node="dept_review", opinion="同意，请送市工信局会签")
    request = JointCountersign.objects.get(document=document, agency=partner)
    head = Person.objects.get(agency=partner, username="gx.caojing")
    act_on(
        JOINT_SUBJECT_TYPE,
        request.pk,
        node="receive",
        opinion="签收，请规划处审核",
        payload={"next_assignees": [head.pk]},
    )
    act_on(JOINT_SUBJECT_TYPE, request.pk, node="review", opinion="同意联合发文")
    act_on(JOINT_SUBJECT_TYPE, request.pk, node="check", opinion="核稿无误")
    act_on(JOINT_SUBJECT_TYPE, request.pk, node="sign", opinion="同意联合印发")
    act_on(SUBJECT_TYPE, document.pk, node="joint_countersign", opinion="市工信局已会签")
    act_on(SUBJECT_TYPE, document.pk, node="office_review", opinion="核稿无误")
    act_on(SUBJECT_TYPE, document.pk, node="leader_sign", opinion="同意联合印发")
    act_on(SUBJECT_TYPE, document.pk, node="recheck", opinion="复核无误")
    act_on(SUBJECT_TYPE, document.pk, node="number")
    act_on(SUBJECT_TYPE, document.pk, node="proofread", opinion="校对无误")
    checker = Person.objects.get(agency=lead, username="chenxiuying")
    act_on(
        SUBJECT_TYPE, document.pk, node="print", payload={"checked_by": checker.pk, "copies": 60}
    )
    # 用印: each agency's keeper with its own seal, the co-issuer first, the lead last.
    _register_seal(partner)
    act_on(JOINT_SUBJECT_TYPE, request.pk, node="seal", opinion="已加盖市工信局公章")
    act_on(SUBJECT_TYPE, document.pk, node="seal", opinion="已用印")
    document.refresh_from_db()
    return document


def _register_seal(agency: Agency) -> None:
    """The bureau's 公章, kept by its 印章管理员 (registered by its office head)."""
    seal_register(
        actor=Person.objects.get(agency=agency, username="gx.tangwei"),
        data=SealData(
            name=f"{agency.name}公章",
            seal_type="official",
            custodian_id=Person.objects.get(agency=agency, username="gx.fengtao").pk,
            made_on=datetime.date(2020, 3, 9),
            made_approval="市公安局治安支队 备案号 2020-0309",
        ),
    )
