"""Every file the system serves is sandboxed and never sniffed; a file a person uploaded is
always a download (attachment), whoever uploaded it and whatever it holds; the PDFs the system
makes may open in the browser to be printed. Checked on every endpoint that serves files."""

import io

import pytest

from govoa.documents.models import StoredFile
from govoa.incoming.models import IncomingDocument
from govoa.outgoing.services.drafting import outgoing_attach
from govoa.testing.archives import MB, Filler, docx_of
from govoa.testing.incoming import PDF, register
from govoa.testing.outgoing import draft


def _assert_sandboxed(response, *, disposition: str) -> None:
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Disposition"].startswith(f'{disposition}; filename="')
    assert "; filename*=UTF-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_incoming_attachments_download_sandboxed_on_the_page_and_the_api(client, people):
    document = register(people)
    attachment = document.attachments.get()
    client.force_login(people.registrar)
    base = f"/incoming/{document.pk}/attachments/{attachment.pk}/"
    _assert_sandboxed(client.get(base), disposition="attachment")  # a PDF too: never inline
    api = f"/api/v1/incoming-documents/{document.pk}/attachments/{attachment.pk}"
    _assert_sandboxed(client.get(api), disposition="attachment")


def test_outgoing_attachments_download_sandboxed(client, people):
    document = draft(people)
    attachment = outgoing_attach(
        actor=people.staff, document=document, name="清单", upload=("清单.pdf", io.BytesIO(PDF))
    )
    client.force_login(people.staff)
    response = client.get(f"/outgoing/{document.pk}/attachments/{attachment.pk}/")
    _assert_sandboxed(response, disposition="attachment")


def test_generated_pdfs_open_inline_but_sandboxed(client, people):
    incoming = register(people)
    outgoing = draft(people)
    client.force_login(people.staff)
    for url in [f"/outgoing/{outgoing.pk}/render.pdf", f"/outgoing/{outgoing.pk}/sheet.pdf"]:
        _assert_sandboxed(client.get(url), disposition="inline")
    _assert_sandboxed(client.get(f"/outgoing/{outgoing.pk}/render.docx"), disposition="attachment")
    api = client.get(f"/api/v1/outgoing-documents/{outgoing.pk}/render?format=pdf")
    _assert_sandboxed(api, disposition="attachment")
    client.force_login(people.registrar)
    _assert_sandboxed(client.get(f"/incoming/{incoming.pk}/sheet.pdf"), disposition="inline")
    _assert_sandboxed(client.get("/incoming/register.xlsx"), disposition="attachment")


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("通知.docx", docx_of(Filler(1024 * MB)), 413),  # 1 MB that expands to 1 GiB
        ("请示.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>\n" + PDF[9:], 415),
    ],
)
def test_a_refused_upload_stores_nothing(client, people, name, content, status):
    upload = io.BytesIO(content)
    upload.name = name
    client.force_login(people.registrar)
    fields = {"source_org": "某市财政局", "title": "函", "doc_type": "letter", "files": [upload]}
    response = client.post("/api/v1/incoming-documents", fields)
    assert response.status_code == status, response.content
    assert name in response.json()["error"]["message"]
    assert not IncomingDocument.objects.exists()
    assert not StoredFile.objects.exists()
