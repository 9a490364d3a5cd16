"""Demo 发文 in several states, made through the real services: a draft, one at 核稿, one
awaiting 签发, and one issued to the second demo agency (whose registrar has it to sign for)."""

from typing import Any

from govoa.demo.acting import act_on
from govoa.org.models import Agency, Department, Person
from govoa.outgoing.draft import Draft
from govoa.outgoing.models import DocumentCategory, OutgoingDocument
from govoa.outgoing.policies import SUBJECT_TYPE
from govoa.outgoing.services.drafting import outgoing_create, outgoing_submit

BODY = """为扎实推进全市重点项目建设，现就做好2027年重点项目谋划储备工作通知如下。
一、总体要求
坚持项目为王，围绕产业发展、基础设施、民生保障等领域谋划一批打基础、利长远的重点项目。
二、工作任务
（一）全面摸排
各单位要对本领域项目进行全面梳理，形成项目储备清单。
（二）分类推进
1. 对前期工作成熟的项目，加快办理审批手续
2. 对谋划阶段的项目，加强论证和储备
三、报送要求
请于2026年12月10日前将项目清单报送市发展和改革委员会综合规划处。"""


def _act(document: OutgoingDocument, node: str, opinion: str = "同意", **payload: Any) -> None:
    act_on(SUBJECT_TYPE, document.pk, node=node, opinion=opinion, payload=payload)


def seed_outgoing(agency: Agency, partner: Agency) -> list[OutgoingDocument]:
    def person(username: str) -> Person:
        return Person.objects.get(agency=agency, username=username)

    drafter = person("guojun")
    notice = DocumentCategory.objects.get(agency=agency, code="fa")

    def draft(title: str, **extra: Any) -> OutgoingDocument:
        document, _created = outgoing_create(
            actor=drafter,
            data=Draft(
                category_id=notice.pk,
                doc_type="notice",
                title=title,
                recipients="各区县发展改革局、市直各有关部门",
                body=BODY,
                cc="市人民政府办公室",
                **extra,
            ),
        )
        return document

    made = [draft("某市发展和改革委员会关于报送2026年度重点工作总结的通知")]
    checking = draft("某市发展和改革委员会关于开展重点项目集中调度的通知")
    outgoing_submit(actor=drafter, document=checking, opinion="请审核")
    _act(checking, "dept_review", "同意，请办公室核稿")
    signing = draft("某市发展和改革委员会关于加快推进项目前期工作的通知")
    outgoing_submit(actor=drafter, document=signing)
    _act(signing, "dept_review")
    _act(signing, "office_review", "核稿无误，请领导签发")
    issued = draft(
        "某市发展和改革委员会关于做好2027年重点项目谋划储备工作的通知",
        countersign_department_ids=[Department.objects.get(agency=agency, code="GDZC").pk],
    )
    outgoing_submit(actor=drafter, document=issued, opinion="请审核")
    _act(issued, "dept_review", "同意，请固定资产投资处会签")
    _act(issued, "countersign", "无意见")
    _act(issued, "office_review", "核稿无误")
    _act(issued, "leader_sign", "同意印发")
    _act(issued, "recheck", "复核无误")
    _act(issued, "number")
    _act(issued, "proofread", "校对无误")
    _act(issued, "print", checked_by=person("chenxiuying").pk, copies=40)
    _act(issued, "seal")
    _act(
        issued,
        "distribute",
        departments=[Department.objects.get(agency=agency, code="GDZC").pk],
        agencies=[partner.pk],
        others=["某区发展和改革局"],
    )
    made += [checking, signing, issued]
    return made
