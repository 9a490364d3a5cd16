"""复文 through HTTP: a 请示 of the bureau arrives at the commission by exchange, is answered
by a 批复 drafted from the 收文's page, the 批复 goes back through the exchange, the bureau's
回执 closes the loop on both sides, and the 收文 is 办结 with the answer linked. A 收文 that
asks for an answer is not 办结 without one until a reason is given."""

import pytest

from govoa.demo.seed import seed_demo
from govoa.documents.exchange import exchange_send
from govoa.documents.models import Reply
from govoa.flow.models import WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.org.models import Agency, Person
from govoa.outgoing.models import DocumentCategory, OutgoingDocument
from govoa.testing.incoming import register

INCOMING = "incoming.incomingdocument"
OUTGOING = "outgoing.outgoingdocument"


@pytest.fixture
def demo(db):
    seed_demo()
    return {p.username: p for p in Person.objects.all()}


def act(client, subject_type, subject_id, node, action="approve", opinion="同意", **extra):
    """The first open item of ``node``, acted on by its holder through the API."""
    item = (
        WorkItem.objects.filter(
            instance__subject_type=subject_type,
            instance__subject_id=subject_id,
            node_key=node,
            status="open",
        )
        .order_by("pk")
        .first()
    )
    assert item is not None, f"no open {node}"
    client.force_login(item.assignee)
    return client.post(
        f"/api/v1/work-items/{item.pk}/act",
        {"action": action, "opinion": opinion, **extra},
        content_type="application/json",
    )


def ok(response):
    assert response.status_code == 200, response.content
    return response


def handle_to_completion(client, demo, document_id, lead, handler):
    """签收 (if by exchange) → 初审 → 拟办 → 批办 → 分办 → 承办, up to 办结."""
    if WorkItem.objects.filter(
        instance__subject_id=document_id, node_key="receive", status="open"
    ).exists():
        ok(act(client, INCOMING, document_id, "receive", opinion="签收"))
    ok(act(client, INCOMING, document_id, "screen", opinion="符合要求"))
    ok(
        act(
            client,
            INCOMING,
            document_id,
            "propose",
            opinion="请张主任批示",
            payload={"proposal_kind": "instruct"},
            next_assignees=[demo["zhangzhiqiang"].pk],
        )
    )
    ok(
        act(
            client,
            INCOMING,
            document_id,
            "instruct",
            opinion="请综合规划处研究答复",
            payload={"lead_department": lead.department_id},
        )
    )
    ok(act(client, INCOMING, document_id, "assign", next_assignees=[handler.pk]))


# 核稿's 办文三性 list, every item ticked.
THREE = [
    "政策合规性：引用法规是否最新",
    "格式规范性：文号、落款是否正确",
    "表述准确性：无错别字、歧义句",
]


def issue(client, demo, doc_id, bureau):
    """The answer from 送审 to 分发 through the exchange to the asking bureau."""
    client.force_login(demo["guojun"])
    response = client.post(
        f"/api/v1/outgoing-documents/{doc_id}/submit", {}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    ok(act(client, OUTGOING, doc_id, "dept_review"))
    ok(act(client, OUTGOING, doc_id, "office_review", opinion="核稿无误", checklist=THREE))
    ok(act(client, OUTGOING, doc_id, "leader_sign", opinion="同意"))
    ok(act(client, OUTGOING, doc_id, "recheck"))
    ok(act(client, OUTGOING, doc_id, "number"))
    ok(act(client, OUTGOING, doc_id, "proofread"))
    ok(
        act(
            client,
            OUTGOING,
            doc_id,
            "print",
            payload={"checked_by": demo["chenxiuying"].pk, "copies": 5},
        )
    )
    ok(act(client, OUTGOING, doc_id, "seal"))
    ok(act(client, OUTGOING, doc_id, "distribute", payload={"agencies": [bureau.pk]}))


def test_a_request_answered_by_a_reply_through_the_exchange(client, demo):
    commission = Agency.objects.get(name="某市发展和改革委员会")
    bureau = Agency.objects.get(name="某市工业和信息化局")
    # The bureau's 请示 (its own 发文), sent to the commission through the exchange.
    asked = OutgoingDocument.objects.create(
        agency=bureau,
        category=DocumentCategory.objects.filter(agency=bureau).first(),
        doc_type="request",
        direction="upward",
        title="关于支持智能制造产业园建设的请示",
        recipients="某市发展和改革委员会",
        drafter=demo["gx.penglei"],
        drafting_department_id=demo["gx.penglei"].department_id,
        number="市工信〔2026〕9号",
        status="issued",
    )
    exchange = exchange_send(
        actor=demo["gx.penglei"],
        sender_agency=bureau,
        receiver_agency=commission,
        source_type=OUTGOING,
        source_id=asked.pk,
        number=asked.number,
        title=asked.title,
        payload={"doc_type": "request", "classification": 0, "urgency": "normal"},
        files=[],
    )
    received = IncomingDocument.objects.get(pk=exchange.target_id)
    assert received.reply_required  # a 请示 asks for an answer
    guojun, linchao = demo["guojun"], demo["linchao"]
    handle_to_completion(client, demo, received.pk, linchao, guojun)

    # 拟复文 from the 收文 (API): a 批复, 主送 the bureau, the opening citing title then number.
    client.force_login(guojun)
    response = client.post(f"/api/v1/incoming-documents/{received.pk}/reply")
    assert response.status_code == 201, response.content
    started = response.json()
    answer = OutgoingDocument.objects.get(pk=started["answer_id"])
    assert (answer.doc_type, answer.recipients) == ("reply", "某市工业和信息化局")
    assert answer.title == "关于支持智能制造产业园建设的批复"
    assert (answer.drafter, answer.drafting_department_id) == (guojun, linchao.department_id)
    assert answer.body.startswith(
        "你单位《关于支持智能制造产业园建设的请示》（市工信〔2026〕9号）收悉。经研究，现批复如下："
    )
    again = client.post(f"/api/v1/incoming-documents/{received.pk}/reply")
    assert again.status_code == 409  # one live answer per question
    # The page offers no second 拟复文 and shows the answer's state.
    page = client.get(f"/incoming/{received.pk}/").content.decode()
    assert "复文办理中" in page
    assert "拟复文（" not in page

    body = answer.body + "一、同意你单位工业园区扩区。\n二、请按规定办理用地手续。"
    client.force_login(guojun)
    response = client.put(
        f"/api/v1/outgoing-documents/{answer.pk}",
        {
            "category_id": answer.category_id,
            "doc_type": "reply",
            "title": answer.title,
            "recipients": answer.recipients,
            "body": body,
            "direction": "downward",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    # 办结 before the answer went out: refused (the answer is not sent yet).
    ok(act(client, INCOMING, received.pk, "handle", opinion="已拟批复"))
    refused = act(client, INCOMING, received.pk, "complete", payload={"reply_method": "document"})
    assert refused.status_code == 422
    assert "复文尚未发出" in refused.json()["error"]["message"]

    issue(client, demo, answer.pk, bureau)
    answer.refresh_from_db()
    reply = Reply.objects.get(question_type=INCOMING, question_id=received.pk)
    assert (reply.state, reply.answer_number) == ("sent", answer.number)
    # The bureau signs for the 批复: its 回执 closes the loop on both sides.
    arrived = IncomingDocument.objects.get(agency=bureau, source_number=answer.number)
    ok(act(client, INCOMING, arrived.pk, "receive", opinion="签收"))
    reply.refresh_from_db()
    assert (reply.state, reply.received_by_name) == ("received", "邓丽")
    theirs = Reply.objects.get(question_type=OUTGOING, question_id=asked.pk)
    assert (theirs.answer_type, theirs.answer_id, theirs.state) == (
        INCOMING,
        arrived.pk,
        "received",
    )

    # 办结 with the answer linked (答复方式 发文 is taken from it).
    ok(act(client, INCOMING, received.pk, "complete", opinion="已批复"))
    received.refresh_from_db()
    assert received.status == "completed"
    assert received.reply_method == "document"
    assert answer.number in received.reply

    # The API shows the link both ways; the pages too.
    client.force_login(demo["zhaolei"])
    detail = client.get(f"/api/v1/incoming-documents/{received.pk}").json()
    assert detail["answer"]["answer_id"] == answer.pk
    assert detail["answer"]["state"] == "received"
    assert detail["answer"]["url"] == f"/outgoing/{answer.pk}/"
    assert detail["reply_method"] == "document"
    client.force_login(guojun)
    out = client.get(f"/api/v1/outgoing-documents/{answer.pk}").json()
    assert [(a["question_id"], a["url"]) for a in out["answers"]] == [
        (received.pk, f"/incoming/{received.pk}/")
    ]
    page = client.get(f"/outgoing/{answer.pk}/").content.decode()
    assert "答复来文" in page
    assert received.number in page
    client.force_login(demo["gx.penglei"])
    asked_out = client.get(f"/api/v1/outgoing-documents/{asked.pk}").json()
    assert asked_out["answer"]["answer_id"] == arrived.pk
    assert asked_out["answer"]["state"] == "received"
    client.force_login(demo["zhaolei"])
    register_page = client.get("/incoming/").content.decode()
    assert "对方已签收" in register_page


def test_completion_without_an_answer_is_refused_until_a_reason_is_given(client, demo):
    commission = Agency.objects.get(name="某市发展和改革委员会")
    registrar = demo["zhaolei"]
    people = type("People", (), {"registrar": registrar, "agency": commission})
    document = register(
        people,
        **{
            "doc_type": "request",
            "title": "关于申请调整项目资金的请示",
            "source_number": "某发〔2026〕5号",
        },
    )
    assert document.reply_required
    handle_to_completion(client, demo, document.pk, demo["linchao"], demo["guojun"])
    ok(act(client, INCOMING, document.pk, "handle", opinion="已电话答复"))
    refused = act(client, INCOMING, document.pk, "complete")
    assert refused.status_code == 422
    assert "该文需答复" in refused.json()["error"]["message"]
    no_reason = act(client, INCOMING, document.pk, "complete", payload={"reply_method": "none"})
    assert no_reason.status_code == 422
    assert no_reason.json()["error"]["fields"] == {"reply": ["请写明无需答复的理由。"]}
    document.refresh_from_db()
    assert (document.status, document.reply_method) == ("completing", "")
    ok(
        act(
            client,
            INCOMING,
            document.pk,
            "complete",
            payload={"reply_method": "phone", "reply": "已电话告知来文单位按原渠道申请。"},
        )
    )
    document.refresh_from_db()
    assert (document.status, document.reply_method) == ("completed", "phone")
    assert document.reply == "已电话告知来文单位按原渠道申请。"


def test_a_report_asks_for_no_answer(client, demo):
    commission = Agency.objects.get(name="某市发展和改革委员会")
    people = type("People", (), {"registrar": demo["zhaolei"], "agency": commission})
    document = register(people, doc_type="report", title="关于一季度工作情况的报告")
    assert not document.reply_required
    handle_to_completion(client, demo, document.pk, demo["linchao"], demo["guojun"])
    client.force_login(demo["guojun"])
    response = client.post(f"/api/v1/incoming-documents/{document.pk}/reply")
    assert response.status_code == 409
    assert "不需答复" in response.json()["error"]["message"]
