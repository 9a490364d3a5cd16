"""Demo 收文 in every state, made through the real services so their trails are real."""

import datetime
import io
from typing import Any

from django.utils import timezone

from govoa.core.vocabulary import Classification
from govoa.demo.acting import act_on
from govoa.flow.models import WorkItem
from govoa.flow.workflow import Action, ItemStatus
from govoa.incoming.models import IncomingDocument
from govoa.incoming.policies import SUBJECT_TYPE
from govoa.incoming.services.co_handling import incoming_co_material_add
from govoa.incoming.services.registration import Registration, incoming_register
from govoa.org.models import Agency, Department, Person

# A one-page PDF that says 示例 (enough for the demo's attachments to open).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _p(agency: Agency, username: str) -> Person:
    return Person.objects.get(agency=agency, username=username)


def _d(agency: Agency, code: str) -> Department:
    return Department.objects.get(agency=agency, code=code)


def _act(
    document: IncomingDocument,
    actor: Person,
    action: str = Action.APPROVE,
    opinion: str = "",
    **payload: Any,
) -> None:
    act_on(SUBJECT_TYPE, document.pk, actor=actor, action=action, opinion=opinion, payload=payload)


def seed_incoming(agency: Agency) -> list[IncomingDocument]:
    registrar, office = _p(agency, "zhaolei"), _p(agency, "chenxiuying")
    deputy, head, handler = _p(agency, "lihaiyan"), _p(agency, "linchao"), _p(agency, "guojun")
    zhang = _p(agency, "zhangzhiqiang")
    now = timezone.now()
    made = []

    def register(
        title: str, source: str, number: str, days_ago: int, **extra: Any
    ) -> IncomingDocument:
        received = now - datetime.timedelta(days=days_ago, hours=2)
        document = incoming_register(
            actor=registrar,
            data=Registration(
                source_org=source,
                source_number=number,
                title=title,
                doc_type=extra.pop("doc_type", "notice"),
                received_at=received,
                written_on=(received - datetime.timedelta(days=2)).date(),
                uploads=[("正文.pdf", io.BytesIO(DEMO_PDF))],
                **extra,
            ),
        )
        made.append(document)
        return document

    # 1. Just registered: waiting for 初审.
    register(
        "关于报送2026年第四季度价格监测数据的通知",
        "某省发展和改革委员会",
        "某发改价格〔2026〕41号",
        0,
    )
    # 2. Waiting for 拟办.
    second = register(
        "关于开展重点项目建设“回头看”的通知",
        "市人民政府办公室",
        "市政办发〔2026〕63号",
        1,
        urgency="urgent",
    )
    _act(second, registrar, opinion="要素齐全，符合行文规则")
    # 3. Waiting for 批办 by the deputy.
    third = register(
        "关于征求《城市更新条例（草案）》意见的函",
        "市住房和城乡建设局",
        "市住建函〔2026〕118号",
        2,
        doc_type="letter",
    )
    _act(third, registrar, opinion="符合要求")
    _act(
        third,
        office,
        opinion="拟请李主任阅示，建议由法规处主办，综合规划处协办",
        proposal_kind="instruct",
        proposed_lead=_d(agency, "FGC").pk,
        next_assignees=[deputy.pk],
    )
    # 4. Being handled by 郭军, with two 协办 departments (one has answered), circulated to
    # three readers (one has read).
    fourth = register(
        "关于做好2027年重点项目谋划储备工作的通知",
        "某省发展和改革委员会",
        "某发改投资〔2026〕77号",
        3,
        urgency="urgent",
    )
    _act(fourth, registrar, opinion="符合要求")
    _act(
        fourth,
        office,
        opinion="拟请分管领导批示",
        proposal_kind="instruct",
        proposed_lead=_d(agency, "ZHGH").pk,
        next_assignees=[zhang.pk],
    )
    readers = [_p(agency, u) for u in ("hexia", "majiayi", "luozihan")]
    _act(
        fourth,
        zhang,
        opinion="请综合规划处牵头，固定资产投资处、国民经济综合处协办，12月10日前报送",
        lead_department=_d(agency, "ZHGH").pk,
        co_departments=[_d(agency, "GDZC").pk, _d(agency, "GMJJ").pk],
        readers=[r.pk for r in readers],
        deadline=str(timezone.localdate() + datetime.timedelta(days=14)),
    )
    _act(fourth, readers[0], "read", opinion="已阅，涉及我处的项目已梳理")
    _act(fourth, head, opinion="请郭军同志承办", next_assignees=[handler.pk])
    # 协办 works beside 承办: 固定资产投资处 has answered with its list, 国民经济综合处 not yet.
    investment = _p(agency, "liuyang")
    incoming_co_material_add(
        actor=investment,
        document=fourth,
        uploads=[("固定资产投资在库项目清单.pdf", io.BytesIO(DEMO_PDF))],
    )
    _act(fourth, investment, opinion="我处在库项目23个，清单已附，请汇总")
    # 5. Overdue at 承办.
    fifth = register(
        "关于报送营商环境评价自评报告的通知", "市营商环境建设局", "市营商发〔2026〕19号", 12
    )
    _act(fifth, registrar, opinion="符合要求")
    _act(
        fifth,
        office,
        opinion="拟请张主任阅示",
        proposal_kind="instruct",
        proposed_lead=_d(agency, "ZHGH").pk,
        next_assignees=[zhang.pk],
    )
    _act(
        fifth,
        zhang,
        opinion="请综合规划处按时报送",
        lead_department=_d(agency, "ZHGH").pk,
        deadline=str(timezone.localdate() + datetime.timedelta(days=1)),
    )
    _act(fifth, head, opinion="请郭军承办", next_assignees=[handler.pk])
    overdue = timezone.localdate() - datetime.timedelta(days=3)
    IncomingDocument.objects.filter(pk=fifth.pk).update(deadline=overdue)
    WorkItem.objects.filter(
        instance__subject_id=fifth.pk,
        status=ItemStatus.OPEN,
        instance__subject_type=SUBJECT_TYPE,
    ).update(due_date=overdue)
    # 6. Completed, handed over for 归档.
    sixth = register(
        "关于公布2026年度市级重点项目名单的通知", "市人民政府", "市政发〔2026〕21号", 20
    )
    _act(sixth, registrar, opinion="符合要求")
    _act(
        sixth,
        office,
        opinion="阅知件，送综合规划处阅",
        proposal_kind="read",
        readers=[head.pk, handler.pk],
    )
    _act(sixth, head, "read", opinion="已阅，按名单跟踪")
    _act(sixth, registrar, opinion="传阅完毕，办结")
    # 7. Returned to the sender (退文).
    seventh = register(
        "关于申请拨付专项资金的请示",
        "某区发展和改革局",
        "某区发改〔2026〕9号",
        4,
        doc_type="request",
    )
    _act(
        seventh,
        registrar,
        "reject",
        opinion="请示应主送一个上级机关并一文一事，本件同时请示两个事项，请分别报送",
    )
    # 8. A classified one (秘密), seen only by those cleared for it.
    register(
        "关于重要物资储备情况的通报",
        "某省发展和改革委员会",
        "某发改〔2026〕机12号",
        1,
        doc_type="bulletin",
        classification=Classification.SECRET,
        secrecy_period="1年",
        channel="confidential",
    )
    return made
