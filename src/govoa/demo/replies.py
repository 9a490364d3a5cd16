"""Demo 复文: the bureau's 请示 reaches the commission by exchange and is answered by a
批复 drafted from the 收文's page, issued with its electronic seal and sent back through the
exchange; the bureau signs for it (回执) and the commission closes the 收文 with the answer
linked."""

from govoa.demo.acting import act_on
from govoa.documents.exchange import exchange_send
from govoa.documents.vocabulary import Direction, DocType
from govoa.incoming.models import IncomingDocument
from govoa.incoming.policies import SUBJECT_TYPE as INCOMING
from govoa.incoming.services.replies import incoming_reply_start
from govoa.org.models import Agency, Person
from govoa.outgoing.draft import Draft
from govoa.outgoing.models import DocumentCategory, OutgoingDocument
from govoa.outgoing.policies import SUBJECT_TYPE as OUTGOING
from govoa.outgoing.services.drafting import outgoing_create, outgoing_submit, outgoing_update

REQUEST_BODY = """为推动工业园区高质量发展，我局拟对市经济技术开发区工业园区实施扩区。
一、扩区范围
扩区面积约3.2平方公里，主要用于新能源装备制造项目。
二、请示事项
恳请市发展和改革委员会支持将扩区项目列入2027年市级重点项目。
妥否，请批示。"""

ANSWER = """一、同意将工业园区扩区项目列入2027年市级重点项目储备。
二、请你局抓紧完善项目前期工作，依法依规办理用地、环评等手续。"""


def seed_replies(commission: Agency, bureau: Agency) -> IncomingDocument:
    def person(agency: Agency, username: str) -> Person:
        return Person.objects.get(agency=agency, username=username)

    # The bureau's 请示 (its own 发文; the bureau's issuing steps are not part of the demo).
    asker = person(bureau, "gx.penglei")
    asked, _created = outgoing_create(
        actor=asker,
        data=Draft(
            category_id=DocumentCategory.objects.filter(agency=bureau).first().pk,  # type: ignore[union-attr]
            doc_type=DocType.REQUEST,
            direction=Direction.UPWARD,
            title="关于支持工业园区扩区的请示",
            recipients="某市发展和改革委员会",
            body=REQUEST_BODY,
        ),
    )
    OutgoingDocument.objects.filter(pk=asked.pk).update(number="市工信〔2026〕5号", status="issued")
    exchange = exchange_send(
        actor=asker,
        sender_agency=bureau,
        receiver_agency=commission,
        source_type=OUTGOING,
        source_id=asked.pk,
        number="市工信〔2026〕5号",
        title=asked.title,
        payload={"doc_type": DocType.REQUEST, "classification": 0, "urgency": "normal"},
        files=[],
    )
    received = IncomingDocument.objects.get(exchange_id=exchange.pk)
    handler, head = person(commission, "guojun"), person(commission, "linchao")

    def on_incoming(node: str, opinion: str, **payload: object) -> None:
        act_on(INCOMING, received.pk, node=node, opinion=opinion, payload=payload)

    on_incoming("receive", "签收")
    on_incoming("screen", "符合要求")
    on_incoming(
        "propose",
        "请张主任批示",
        proposal_kind="instruct",
        next_assignees=[person(commission, "zhangzhiqiang").pk],
    )
    on_incoming("instruct", "请综合规划处研究答复", lead_department=head.department_id)
    on_incoming("assign", "请郭军承办", next_assignees=[handler.pk])
    received.refresh_from_db()
    drafted = incoming_reply_start(actor=handler, document=received)
    answer = OutgoingDocument.objects.get(pk=drafted.answer_id)
    outgoing_update(
        actor=handler,
        document=answer,
        data=Draft(
            category_id=answer.category_id,
            doc_type=answer.doc_type,
            title=answer.title,
            direction=answer.direction,
            recipients=answer.recipients,
            body=answer.body + ANSWER,
        ),
    )
    outgoing_submit(actor=handler, document=answer, opinion="请审核")

    def on_answer(node: str, opinion: str = "同意", **payload: object) -> None:
        act_on(OUTGOING, answer.pk, node=node, opinion=opinion, payload=payload)

    for node in ("dept_review", "office_review", "leader_sign", "recheck", "number", "proofread"):
        on_answer(node)
    on_answer("print", checked_by=person(commission, "chenxiuying").pk, copies=5)
    on_answer("seal")
    on_answer("distribute", agencies=[bureau.pk])
    arrived = IncomingDocument.objects.get(
        agency=bureau, exchange_id__isnull=False, source_org=commission.name, doc_type=DocType.REPLY
    )
    act_on(INCOMING, arrived.pk, node="receive", opinion="签收")  # the 回执
    on_incoming("handle", "已拟批复并发出")
    on_incoming("complete", "已批复")
    return received
