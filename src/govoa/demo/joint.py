"""Demo 联合行文: a joint 通知 of the two demo agencies, drafted and numbered by the
commission, 会签ed and signed by the bureau through the exchange on its own flow (签收 →
部门负责人审核 → 办公室核稿 → 签发), then 核稿, 签发 and 编号 at the commission: it waits
for 校对, its PDF bearing both names."""

from govoa.demo.acting import act_on
from govoa.demo.outgoing import BODY
from govoa.org.models import Agency, Person
from govoa.outgoing.draft import Draft
from govoa.outgoing.models import DocumentCategory, JointCountersign, OutgoingDocument
from govoa.outgoing.policies import JOINT_SUBJECT_TYPE, SUBJECT_TYPE
from govoa.outgoing.services.drafting import outgoing_create, outgoing_submit

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
    document.refresh_from_db()
    return document
