"""The whole 发文 routine through HTTP (the API every client uses), in the demo agency, with
the receipt of the second demo agency coming back."""

import io

import pdfplumber
import pytest
from docx import Document as load_docx

from govoa.demo.seed import seed_demo
from govoa.documents.models import Exchange
from govoa.flow.models import ChecklistResult, FlowInstance, WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.org.models import Agency, Person
from govoa.outgoing.models import DocumentCategory, OutgoingDocument
from govoa.testing.flows import move_to

BODY = """为扎实推进全市重点项目建设，现就做好2027年重点项目谋划储备工作通知如下。
一、总体要求
坚持项目为王，围绕产业发展、基础设施、民生保障等领域谋划一批重点项目。
二、工作任务
（一）全面摸排
各单位要对本领域项目进行全面梳理，形成项目储备清单。
（二）分类推进
1. 对前期工作成熟的项目，加快办理审批手续
2. 对谋划阶段的项目，加强论证
三、报送要求
请于2026年12月10日前将项目清单报送市发展和改革委员会。"""


@pytest.fixture
def demo(db):
    seed_demo()
    return {p.username: p for p in Person.objects.all()}


def as_(client, person):
    client.force_login(person)
    return client


def act(client, person, document_id, node, action="approve", opinion="同意", **extra):
    item = WorkItem.objects.get(
        instance__subject_type="outgoing.outgoingdocument",
        instance__subject_id=document_id,
        node_key=node,
        status="open",
        assignee=person,
    )
    response = as_(client, person).post(
        f"/api/v1/work-items/{item.pk}/act",
        {"action": action, "opinion": opinion, **extra},
        content_type="application/json",
    )
    return response


def test_draft_to_distribution_and_the_second_agency_signs_for_it(client, demo):
    commission = Agency.objects.get(name="某市发展和改革委员会")
    bureau = Agency.objects.get(name="某市工业和信息化局")
    category = DocumentCategory.objects.get(agency=commission, code="fa")
    guojun = demo["guojun"]
    response = as_(client, guojun).post(
        "/api/v1/outgoing-documents",
        {
            "category_id": category.pk,
            "doc_type": "notice",
            "title": "某市发展和改革委员会关于做好2027年重点项目谋划储备工作的通知",
            "recipients": "各区县发展改革局、市直各有关部门、市工业和信息化局",
            "body": BODY,
            "cc": "市人民政府办公室",
            "countersign_department_ids": [demo["liuyang"].department_id],
        },
        content_type="application/json",
        headers={"Idempotency-Key": "draft-1"},
    )
    assert response.status_code == 201, response.content
    doc_id = response.json()["id"]
    again = as_(client, guojun).post(
        "/api/v1/outgoing-documents",
        {"category_id": category.pk, "doc_type": "notice", "title": "重试"},
        content_type="application/json",
        headers={"Idempotency-Key": "draft-1"},
    )
    assert again.json()["id"] == doc_id  # a retried request creates one record
    check = client.get(f"/api/v1/outgoing-documents/{doc_id}/check").json()
    assert check["errors"] == 0, check
    response = client.post(
        f"/api/v1/outgoing-documents/{doc_id}/submit",
        {"opinion": "请审核"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "reviewing"
    assert (
        act(client, demo["linchao"], doc_id, "dept_review", opinion="同意，请会签").status_code
        == 200
    )
    assert act(client, demo["liuyang"], doc_id, "countersign", opinion="无意见").status_code == 200
    # 核稿 by either office head (any one of them).
    office = WorkItem.objects.filter(
        instance__subject_id=doc_id, node_key="office_review", status="open"
    ).first()
    # 核稿 goes through the 办文三性 list: an unticked item is refused (422), nothing changes.
    shown = as_(client, office.assignee).get(f"/api/v1/work-items/{office.pk}").json()
    assert shown["checklist"]["name"] == "办文三性"
    three = shown["checklist"]["items"]
    assert len(three) == 3
    assert shown["checklist"]["required"]
    refused = act(
        client, office.assignee, doc_id, "office_review", opinion="核稿无误", checklist=three[:2]
    )
    assert refused.status_code == 422
    assert "办文三性" in refused.json()["error"]["message"]
    assert "表述准确性" in refused.json()["error"]["message"]
    office.refresh_from_db()
    assert office.status == "open"
    done = act(
        client,
        office.assignee,
        doc_id,
        "office_review",
        opinion="核稿无误",
        checklist=three,
        checklist_note="已核对引用的法规",
    )
    assert done.status_code == 200, done.content
    result = ChecklistResult.objects.get(item_id=office.pk)
    assert result.passed
    assert result.checked == three
    assert result.note == "已核对引用的法规"
    assert (
        act(client, demo["zhangzhiqiang"], doc_id, "leader_sign", opinion="同意印发").status_code
        == 200
    )
    recheck = WorkItem.objects.filter(
        instance__subject_id=doc_id, node_key="recheck", status="open"
    ).first()
    assert act(client, recheck.assignee, doc_id, "recheck").status_code == 200
    registrar = (
        WorkItem.objects.filter(instance__subject_id=doc_id, node_key="number", status="open")
        .first()
        .assignee
    )
    assert act(client, registrar, doc_id, "number").status_code == 200
    document = OutgoingDocument.objects.get(pk=doc_id)
    assert document.number.startswith("市发改发〔")
    assert (
        act(client, demo["zhoulihua"], doc_id, "proofread", opinion="校对无误").status_code == 200
    )
    printer = (
        WorkItem.objects.filter(instance__subject_id=doc_id, node_key="print", status="open")
        .first()
        .assignee
    )
    response = act(client, printer, doc_id, "print", payload={"checked_by": printer.pk})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {
        "checked_by": ["按职责分离规则“印制”≠“核对人”，核对人须由“印制”办理人以外的人担任。"]
    }
    assert (
        act(
            client,
            printer,
            doc_id,
            "print",
            payload={"checked_by": demo["chenxiuying"].pk, "copies": 40},
        ).status_code
        == 200
    )
    assert act(client, demo["xuhongmei"], doc_id, "seal").status_code == 200
    distributor = (
        WorkItem.objects.filter(instance__subject_id=doc_id, node_key="distribute", status="open")
        .first()
        .assignee
    )
    response = act(
        client,
        distributor,
        doc_id,
        "distribute",
        payload={
            "departments": [demo["liuyang"].department_id],
            "agencies": [bureau.pk],
            "others": ["某区发展和改革局"],
        },
    )
    assert response.status_code == 200, response.content
    document.refresh_from_db()
    assert document.status == "issued"
    # The second agency's registrar finds it in their 待办, signs for it, and the receipt
    # comes back to the commission.
    received = IncomingDocument.objects.get(agency=bureau, source_number=document.number)
    assert received.source_number == document.number
    receipt = WorkItem.objects.get(instance__subject_id=received.pk, status="open")
    assert receipt.assignee == demo["gx.dengli"]
    response = as_(client, demo["gx.dengli"]).post(
        f"/api/v1/work-items/{receipt.pk}/act",
        {"action": "approve", "opinion": "签收"},
        content_type="application/json",
    )
    assert response.status_code == 200
    distribution = document.distributions.get(kind="exchange")
    assert distribution.received_by_name == "邓丽"
    assert Exchange.objects.get(source_id=doc_id).status == "received"
    # The typeset document: PDF with the number and the signed date; DOCX with its fonts.
    pdf = as_(client, guojun).get(f"/api/v1/outgoing-documents/{doc_id}/render?format=pdf")
    with pdfplumber.open(io.BytesIO(pdf.content)) as opened:
        text = "".join(page.extract_text() or "" for page in opened.pages)
    assert document.number in text.replace(" ", "")
    docx = client.get(f"/api/v1/outgoing-documents/{doc_id}/render?format=docx")
    assert load_docx(io.BytesIO(docx.content)).paragraphs


def test_skipping_review_is_refused(client, demo):
    commission = Agency.objects.get(name="某市发展和改革委员会")
    category = DocumentCategory.objects.get(agency=commission, code="fa")
    guojun = demo["guojun"]
    doc_id = (
        as_(client, guojun)
        .post(
            "/api/v1/outgoing-documents",
            {
                "category_id": category.pk,
                "doc_type": "notice",
                "title": "某市发展和改革委员会关于开展项目调度的通知",
                "recipients": "各区县发展改革局",
                "body": BODY,
            },
            content_type="application/json",
        )
        .json()["id"]
    )
    client.post(f"/api/v1/outgoing-documents/{doc_id}/submit", {}, content_type="application/json")
    assert act(client, demo["linchao"], doc_id, "dept_review").status_code == 200
    # Someone puts the flow straight at 签发 (e.g. by an old template): the gate holds.
    instance = FlowInstance.objects.get(subject_id=doc_id, code="outgoing")
    move_to(instance, "leader_sign", actor=guojun)
    response = act(client, demo["zhangzhiqiang"], doc_id, "leader_sign")
    assert response.status_code == 409
    assert "尚未经过办公室核稿" in response.json()["error"]["message"]
    assert OutgoingDocument.objects.get(pk=doc_id).signed_by is None


def test_a_template_without_review_cannot_be_published(demo):
    from govoa.core.errors import ValidationFailed
    from govoa.flow.services.templates import template_draft, template_node_delete, template_publish

    admin = demo["sysadmin"]
    draft = template_draft(actor=admin, code="outgoing")
    node = next(n for n in draft.definition["nodes"] if n["key"] == "dept_review")
    from govoa.flow.services.templates import template_node_save

    # 审核 now leads straight to 签发: 核稿 is skipped on that path.
    template_node_save(
        actor=admin,
        draft_id=draft.pk,
        original_key="dept_review",
        node={**node, "transitions": [{"to": "leader_sign", "when": ""}]},
    )
    template_node_delete(actor=admin, draft_id=draft.pk, key="countersign")
    with pytest.raises(ValidationFailed) as excinfo:
        template_publish(actor=admin, draft_id=draft.pk)
    assert any("不经过“办公室核稿”" in p for p in excinfo.value.fields["definition"])
