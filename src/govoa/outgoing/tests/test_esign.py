"""电子用印: at 用印 the 正式文件 is stamped with the agency's seal and signed (PAdES); it
verifies intact with ``govoa verify-pdf``, on the 验章 page and API, and with pyHanko's own
validator; one byte changed is reported as altered; a draft carries no seal."""

import io

import pymupdf
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.core.management import CommandError, call_command
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from govoa.demo.seed import seed_demo
from govoa.documents.esign.keys import authority_certificate
from govoa.documents.models import SealStamp
from govoa.flow.models import WorkItem
from govoa.flow.services.checklists import every_item_ticked
from govoa.org.models import Agency, Person
from govoa.outgoing.models import DocumentCategory, OutgoingDocument
from govoa.testing.permissions import Matrix

OUTGOING = "outgoing.outgoingdocument"
MM = 72 / 25.4


@pytest.fixture
def demo(db):
    seed_demo()
    return {p.username: p for p in Person.objects.all()}


def act(client, doc_id, node, **extra):
    item = WorkItem.objects.filter(
        instance__subject_type=OUTGOING, instance__subject_id=doc_id, node_key=node, status="open"
    ).first()
    client.force_login(item.assignee)
    response = client.post(
        f"/api/v1/work-items/{item.pk}/act",
        {"action": "approve", "opinion": "同意", **every_item_ticked(item), **extra},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response


@pytest.fixture
def sealed(client, demo):
    commission = Agency.objects.get(name="某市发展和改革委员会")
    guojun = demo["guojun"]
    client.force_login(guojun)
    response = client.post(
        "/api/v1/outgoing-documents",
        {
            "category_id": DocumentCategory.objects.get(agency=commission, code="fa").pk,
            "doc_type": "notice",
            "title": "某市发展和改革委员会关于做好节能监察工作的通知",
            "recipients": "各区县发展改革局",
            "body": "现就做好节能监察工作通知如下。\n一、加强组织领导\n请各单位高度重视。",
        },
        content_type="application/json",
    )
    doc_id = response.json()["id"]
    draft_pdf = client.get(f"/api/v1/outgoing-documents/{doc_id}/render?format=pdf").content
    assert (
        client.post(
            f"/api/v1/outgoing-documents/{doc_id}/submit", {}, content_type="application/json"
        ).status_code
        == 200
    )
    for node in ["dept_review", "office_review", "leader_sign", "recheck", "number", "proofread"]:
        act(client, doc_id, node)
    act(client, doc_id, "print", payload={"checked_by": demo["chenxiuying"].pk, "copies": 5})
    act(client, doc_id, "seal")
    client.force_login(guojun)
    pdf = client.get(f"/api/v1/outgoing-documents/{doc_id}/render?format=pdf").content
    return OutgoingDocument.objects.get(pk=doc_id), pdf, draft_pdf


def test_the_stamped_document_verifies_and_one_changed_byte_is_caught(sealed, tmp_path, demo):
    document, pdf, _draft = sealed
    assert document.sealed_file_id is not None
    [stamp] = SealStamp.objects.filter(subject_type=OUTGOING, subject_id=document.pk)
    assert stamp.stamped_by == demo["xuhongmei"]
    # Recorded in the 用印登记簿 of the seals module too.
    from govoa.seals.models import SealUsage

    usage = SealUsage.objects.get(document_type=OUTGOING, document_id=document.pk)
    assert usage.stamped_by == demo["xuhongmei"]

    path = tmp_path / "stamped.pdf"
    path.write_bytes(pdf)
    out = io.StringIO()
    call_command("verify_pdf", str(path), stdout=out)
    text = out.getvalue()
    assert "某市发展和改革委员会" in text
    assert "徐红梅" in text
    assert "完好" in text

    # pyHanko's own validator, trusting the deployment's CA.
    root = asn1_x509.Certificate.load(
        authority_certificate().public_bytes(serialization.Encoding.DER)
    )
    [signature] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.bottom_line

    changed = bytearray(pdf)
    changed[len(pdf) // 3] ^= 0x01
    path.write_bytes(bytes(changed))
    out = io.StringIO()
    with pytest.raises(CommandError, match="验证未通过"):
        call_command("verify_pdf", str(path), stdout=out)
    assert "已被修改" in out.getvalue() or "无法作为 PDF 读取" in out.getvalue()


def test_the_seal_sits_over_the_signature_and_date_and_a_draft_has_none(sealed):
    document, pdf, draft = sealed
    opened = pymupdf.open(stream=pdf)
    pages = [p for p in opened if list(p.widgets())]
    assert len(pages) == 1
    page = pages[0]
    [widget] = list(page.widgets())
    seal = widget.rect
    date_text = document.signed_at.astimezone().strftime("%Y年%-m月%-d日")
    [date] = page.search_for(date_text)
    # The 署名: the agency's name on the line right above the date.
    name = max(
        (r for r in page.search_for("某市发展和改革委员会") if r.y1 <= date.y0), key=lambda r: r.y0
    )
    assert abs(seal.width - 42 * MM) < 1
    # 端正、居中: centred on the date (the 署名 is centred on it too).
    assert abs((seal.x0 + seal.x1) / 2 - (date.x0 + date.x1) / 2) < 1 * MM
    # 下压署名和成文日期, both below the centre (居印章中心偏下).
    centre_y = (seal.y0 + seal.y1) / 2
    assert seal.y0 < name.y0
    assert date.y1 < seal.y1
    assert name.y0 >= centre_y - 1
    # 上距正文一行之内: the text right above the seal ends at most one line above its top.
    above = [b for b in page.get_text("blocks") if b[3] <= seal.y0 + 1]
    last = max(b[3] for b in above)
    assert 0 <= seal.y0 - last <= 10.227 * MM
    # Inside the 版心 (28 mm from the left edge, 156 mm wide).
    assert seal.x0 >= 28 * MM
    assert seal.x1 <= (28 + 156) * MM
    # A draft never carries a seal: no signature field, no image.
    for page in pymupdf.open(stream=draft):
        assert not list(page.widgets())
        assert not page.get_images()


def test_the_verify_page_and_api(client, sealed, demo, other_agency_person):
    document, pdf, _draft = sealed
    client.force_login(demo["guojun"])
    page = client.post("/documents/verify/", {"file": _upload(pdf)})
    assert page.status_code == 200
    assert "文件完好" in page.content.decode()
    api = client.post("/api/v1/pdf-verifications", {"file": _upload(pdf)}).json()
    assert api["intact"] is True
    assert [(s["seal"], s["stamped_by"]) for s in api["seals"]] == [
        (SealStamp.objects.get(subject_id=document.pk).seal_key.seal_name, "徐红梅")
    ]
    changed = bytearray(pdf)
    changed[len(pdf) // 3] ^= 0x01
    api = client.post("/api/v1/pdf-verifications", {"file": _upload(bytes(changed))}).json()
    assert api["intact"] is False
    refused = client.post("/api/v1/pdf-verifications", {"file": _upload(b"not a pdf")})
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"] == {"file": ["不是 PDF 文件。"]}
    page = client.post("/documents/verify/", {"file": _upload(b"not a pdf")})
    assert page.status_code == 422
    assert "不是 PDF 文件" in page.content.decode()
    # Anonymous → login / 401; the 三员 → 404; business people → 200.
    Matrix("/documents/verify/").check(client, in_scope=demo["guojun"], out_of_scope=None)
    from govoa.core.vocabulary import Role
    from govoa.testing.factories import PersonFactory, grant

    admin = PersonFactory(department=demo["xuhongmei"].department, username="sysadmin2")
    grant(admin, Role.SYS_ADMIN)
    client.force_login(admin)
    assert client.get("/documents/verify/").status_code == 404
    assert client.post("/api/v1/pdf-verifications", {"file": _upload(pdf)}).status_code == 404


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("文件.pdf", content, content_type="application/pdf")


@pytest.mark.parametrize("content", [b"%PDF-1.7\n garbage", b"%PDF-1.4\n" + bytes(range(256)) * 4])
def test_a_broken_pdf_is_reported_not_raised(db, content):
    from govoa.documents.esign.verify import verify_pdf

    report = verify_pdf(content)
    assert not report.intact
    assert report.lines()
