"""The editor's live preview: the draft as it would be typeset, as page images (PNG data
URLs, which the pages' CSP allows), and the 核稿助手's findings on it, both from unsaved
form data."""

import base64
import copy
import io

import pypdfium2

from govoa.documents.checker import Finding
from govoa.documents.rendering.pdf import render_pdf
from govoa.outgoing.draft import EDITABLE, Draft
from govoa.outgoing.models import DocumentCategory, OutgoingDocument
from govoa.outgoing.official import findings_for, to_official

MAX_PAGES = 6
SCALE = 1.0  # about 96 dpi: legible on screen, quick to make


def draft_shown(document: OutgoingDocument, data: Draft | None) -> OutgoingDocument:
    """An unsaved copy of ``document`` with ``data`` applied. A 发文类别 that is not one of
    the agency's active categories keeps the saved one (saving would refuse it)."""
    if data is None:
        return document
    shown = copy.copy(document)
    for name in EDITABLE:
        if name != "category_id":
            setattr(shown, name, getattr(data, name))
    if data.category_id != document.category_id:
        category = DocumentCategory.objects.filter(
            pk=data.category_id, agency_id=document.agency_id, is_active=True
        ).first()
        if category is not None:
            shown.category = category
    return shown


def preview_images(document: OutgoingDocument, data: Draft | None = None) -> list[str]:
    """Page images of ``document`` with ``data`` applied (nothing is saved)."""
    pdf = pypdfium2.PdfDocument(render_pdf(to_official(draft_shown(document, data))))
    images = []
    for index in range(min(len(pdf), MAX_PAGES)):
        buffer = io.BytesIO()
        pdf[index].render(scale=SCALE).to_pil().save(
            buffer, format="PNG"
        )  # optimize=True is 4× slower for ~3% less
        images.append("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode())
    pdf.close()
    return images


def preview_findings(document: OutgoingDocument, data: Draft) -> list[Finding]:
    """The 核稿助手's opinion on the unsaved text (nothing is kept)."""
    return findings_for(draft_shown(document, data))
