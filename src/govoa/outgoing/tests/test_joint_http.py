"""联合行文 through HTTP, with the two demo agencies: the commission drafts and numbers a
joint 通知; the bureau 会签s it through the exchange on its own flow (签收 → 部门负责人审核 →
办公室核稿 → 签发) by its own people; both 签发 are recorded on the one document, with one
number; the PDF bears both names. The 会签 request answers 404 to everyone else."""

import io

import pymupdf
import pytest

from govoa.demo.seed import seed_demo
from govoa.flow.models import WorkItem
from govoa.flow.services.checklists import every_item_ticked
from govoa.org.models import Agency, Person
from govoa.outgoing.joint_models import JointCountersign
from govoa.outgoing.models import DocumentCategory
from govoa.outgoing.tests.test_api_path import BODY

LEAD = "outgoing.outgoingdocument"
CO = "outgoing.jointcountersign"

TITLE = "某市发展和改革委员会 某市工业和信息化局关于做好2027年重点项目谋划储备工作的通知"

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def demo(db):
    seed_demo()
    return {p.username: p for p in Person.objects.all()}


def act(client, subject_type, subject_id, node, action="approve", opinion="同意", **fields):
    item = (  # any one of the candidates (two office heads …)
        WorkItem.objects.filter(
            subject_type=subject_type, subject_id=subject_id, node_key=node, status="open"
        )
        .order_by("pk")
        .first()
    )
    assert item is not None, node
    client.force_login(item.assignee)
    if action == "approve":  # 核稿 goes through the 办文三性 list
        fields = {**every_item_ticked(item), **fields}
    response = client.post(
        f"/api/v1/work-items/{item.pk}/act",
        {"action": action, "opinion": opinion, **fields},
        content_type="application/json",
    )
    assert response.status_code == 200, (node, response.content)
    return item.assignee


def test_a_joint_notice_of_the_two_demo_agencies(client, demo):
    commission = Agency.objects.get(name="某市发展和改革委员会")
    bureau = Agency.objects.get(name="某市工业和信息化局")
    category = DocumentCategory.objects.get(agency=commission, code="fa")
    client.force_login(demo["guojun"])
    response = client.post(
        "/api/v1/outgoing-documents",
        {
            "category_id": category.pk,
            "doc_type": "notice",
            "title": TITLE,
            "recipients": "各区县发展改革局、各区县工业和信息化局",
            "body": BODY,
            "co_issuer_ids": [bureau.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    doc_id = created["id"]
    assert created["co_issuer_ids"] == [bureau.pk]
    assert created["joint_header"] is True
    assert created["co_issuers"][0]["state"] == "pending"
    # Bad co-issuers: a clear message, nothing changed.
    bad = client.put(
        f"/api/v1/outgoing-documents/{doc_id}",
        {
            "category_id": category.pk,
            "doc_type": "notice",
            "title": "x",
            "co_issuer_ids": [commission.pk],
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "主办机关" in bad.content.decode()
    response = client.post(
        f"/api/v1/outgoing-documents/{doc_id}/submit", {}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    act(client, LEAD, doc_id, "dept_review")
    # The bureau receives its 会签 request through the exchange.
    row = JointCountersign.objects.get(document_id=doc_id)
    assert row.agency_id == bureau.pk
    dengli = demo["gx.dengli"]
    client.force_login(dengli)
    seen = client.get(f"/api/v1/joint-countersigns/{row.pk}")
    assert seen.status_code == 200
    assert seen.json()["lead_agency"] == commission.name
    assert seen.json()["state"] == "sent"
    text = client.get(f"/api/v1/joint-countersigns/{row.pk}/text")
    assert text.status_code == 200
    assert text["Content-Type"] == "application/pdf"
    page = client.get(f"/outgoing/joint/{row.pk}/")
    assert page.status_code == 200
    assert "联合行文会签" in page.content.decode()
    # Nobody else sees it: the lead's people, the bureau's uninvolved staff, anonymous.
    for outsider in (demo["guojun"], demo["linchao"], demo["gx.penglei"]):
        client.force_login(outsider)
        assert client.get(f"/api/v1/joint-countersigns/{row.pk}").status_code == 404
        assert client.get(f"/api/v1/joint-countersigns/{row.pk}/text").status_code == 404
        assert client.get(f"/outgoing/joint/{row.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/api/v1/joint-countersigns/{row.pk}").status_code == 401
    # The bureau's own flow, by its own people.
    assert act(client, CO, row.pk, "receive", next_assignees=[demo["gx.caojing"].pk]) == dengli
    assert act(client, CO, row.pk, "review", opinion="审核同意") == demo["gx.caojing"]
    assert act(client, CO, row.pk, "check", opinion="核稿无误") == demo["gx.tangwei"]
    assert act(client, CO, row.pk, "sign", opinion="同意联合印发") == demo["gx.qianmingyuan"]
    # Acting twice answers 409 and changes nothing.
    item = WorkItem.objects.get(subject_type=CO, subject_id=row.pk, node_key="sign")
    client.force_login(item.assignee)
    again = client.post(
        f"/api/v1/work-items/{item.pk}/act", {"action": "approve"}, content_type="application/json"
    )
    assert again.status_code == 409
    # The lead goes on: 会签齐全, 核稿, 签发, 复核, 编号 — its own number only.
    for node in ("joint_countersign", "office_review", "leader_sign", "recheck", "number"):
        act(client, LEAD, doc_id, node)
    client.force_login(demo["guojun"])
    detail = client.get(f"/api/v1/outgoing-documents/{doc_id}").json()
    assert detail["number"].startswith("市发改发〔")
    [co] = detail["co_issuers"]
    assert (co["agency"], co["state"], co["signed_by"]) == (bureau.name, "signed", "钱明远")
    assert detail["signed_by"] is not None
    pdf = client.get(f"/api/v1/outgoing-documents/{doc_id}/render?format=pdf")
    assert pdf.status_code == 200
    with pymupdf.open(stream=io.BytesIO(pdf.content).read(), filetype="pdf") as document:
        first = document[0].get_text()
        text_all = "".join(p.get_text() for p in document)
    assert commission.name in first
    assert bureau.name in first
    assert "文件" in first
    assert detail["number"] in first
    assert text_all.count(bureau.name) >= 2  # the mark and the 署名


def test_the_demo_joint_notice_bears_each_agencys_seal(client, demo):
    """The demo's joint 通知 (demo/joint.py): the bureau's keeper stamped the bureau's 公章
    over its 署名 and the 成文日期, the commission's keeper the commission's over its own;
    two signatures, both intact, measured on the page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from govoa.demo.joint import TITLE as DEMO_TITLE
    from govoa.documents.esign.stamp import MM
    from govoa.outgoing.models import OutgoingDocument
    from govoa.seals.models import SealUsage

    commission = Agency.objects.get(name="某市发展和改革委员会")
    bureau = Agency.objects.get(name="某市工业和信息化局")
    document = OutgoingDocument.objects.get(title=DEMO_TITLE)
    assert document.status == "distributing"
    row = JointCountersign.objects.get(document=document)
    client.force_login(demo["guojun"])
    detail = client.get(f"/api/v1/outgoing-documents/{document.pk}").json()
    [co] = detail["co_issuers"]
    assert (co["seal_state"], co["sealed_by"]) == ("sealed", "冯涛")
    assert co["seal_name"] == "某市工业和信息化局公章"
    pdf = client.get(f"/api/v1/outgoing-documents/{document.pk}/render?format=pdf").content
    upload = SimpleUploadedFile("联合通知.pdf", pdf, content_type="application/pdf")
    verified = client.post("/api/v1/pdf-verifications", {"file": upload}).json()
    assert verified["intact"] is True
    assert [(s["agency"], s["seal"], s["stamped_by"]) for s in verified["seals"]] == [
        (bureau.name, "某市工业和信息化局公章", "冯涛"),
        (commission.name, "某市发展和改革委员会公章", "徐红梅"),
    ]
    # Each in its own agency's 用印登记簿.
    [line] = SealUsage.objects.filter(agency=bureau)
    assert (line.stamped_by.username, line.approved_by.username) == (
        "gx.fengtao",
        "gx.qianmingyuan",
    )
    assert SealUsage.objects.filter(agency=commission, document_id=document.pk).exists()
    # The bureau's keeper sees it stamped on the bureau's page of the request.
    client.force_login(demo["gx.fengtao"])
    page = client.get(f"/outgoing/joint/{row.pk}/").content.decode()
    assert "已用印" in page
    assert "某市工业和信息化局公章" in page

    # Measured: one row of two seals, each over its own 署名, the bureau's (the last) over
    # the 成文日期 too; inside the 版心, apart.
    with pymupdf.open(stream=pdf, filetype="pdf") as opened:
        [(number, widgets)] = [
            (p.number, {w.field_name: pymupdf.Rect(w.rect) for w in p.widgets()})
            for p in opened
            if list(p.widgets())
        ]
        page = opened[number]
        names = {n: page.search_for(n) for n in (commission.name, bureau.name)}
        date = next(
            d
            for d in page.search_for(_written(document))
            if any(0 <= d.y0 - n.y1 < 15 * MM for n in names[bureau.name])
        )
        seals = {bureau.name: widgets["Seal1"], commission.name: widgets["Seal2"]}
        for name, seal in seals.items():
            signature = max((r for r in names[name] if r.y1 <= date.y0), key=lambda r: r.y0)
            assert abs((seal.x0 + seal.x1) / 2 - (signature.x0 + signature.x1) / 2) < 2 * MM
            assert seal.y0 < signature.y0
            assert signature.y1 < seal.y1
            assert seal.x0 >= 28 * MM
            assert seal.x1 <= 184 * MM
        last = seals[bureau.name]
        assert last.y0 < date.y0
        assert date.y1 < last.y1
        assert seals[commission.name].x1 < last.x0  # side by side, not touching


def _written(document):
    from govoa.core.dates import chinese_date
    from govoa.outgoing.services import joint

    return chinese_date(joint.written_on(document))
