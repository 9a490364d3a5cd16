"""Downloads and exports of 发文: the typeset document (PDF/DOCX), the 发文稿纸, the 登记簿.
Exports and any download of a classified document are audited."""

from collections.abc import Sequence

from govoa.core.errors import NotFound, ValidationFailed
from govoa.documents import registers
from govoa.documents.access import audit_if_classified, stored_download
from govoa.documents.models import StoredFile
from govoa.documents.rendering.docx import render_docx
from govoa.documents.rendering.ofd import render_ofd
from govoa.documents.rendering.pdf import render_pdf
from govoa.org.models import Person
from govoa.outgoing import printables
from govoa.outgoing.esign import sealed_pdf
from govoa.outgoing.models import OutgoingAttachment, OutgoingDocument
from govoa.outgoing.official import to_official
from govoa.outgoing.services.copies import copy_get


def document_viewed(*, actor: Person, document: OutgoingDocument) -> None:
    """Opening a classified 发文 — its page or the API — is audited (DESIGN §5). The live
    preview is a part of the page and is not recorded again."""
    audit_if_classified(
        actor=actor,
        document=document,
        action="outgoing.document.view",
        details={"number": document.number},
    )


def rendered(
    *, actor: Person, document: OutgoingDocument, fmt: str, copy: int | None = None
) -> bytes:
    """The document typeset per GB/T 9704 (a draft renders without number and date);
    ``copy``: the printed copy of that 份号 (NotFound for one never printed)."""
    if fmt not in {"pdf", "docx", "ofd"}:
        raise ValidationFailed(fields={"format": ["格式只能是 pdf、docx 或 ofd。"]})
    if copy is not None:
        copy_get(document, copy)
    official = to_official(document, copy=copy)
    sealed = sealed_pdf(document, copy) if fmt == "pdf" else None
    if sealed is not None:
        content = sealed
    elif fmt == "docx":
        content = render_docx(official)
    elif fmt == "ofd":
        content = render_ofd(official)
    else:
        content = render_pdf(official)
    audit_if_classified(
        actor=actor,
        document=document,
        action="outgoing.document.render",
        details={"format": fmt, "number": document.number, "copy": copy},
    )
    return content


def approval_sheet(*, actor: Person, document: OutgoingDocument) -> bytes:
    content = printables.approval_sheet_pdf(document)
    audit_if_classified(
        actor=actor,
        document=document,
        action="outgoing.document.print_sheet",
        details={"number": document.number},
    )
    return content


def register_export(
    *, actor: Person, documents: Sequence[OutgoingDocument], fmt: str, period: str, query: str
) -> bytes:
    return registers.register_export(
        actor=actor,
        book=printables.register_book(documents, period=period),
        fmt=fmt,
        action="outgoing.register.export",
        query=query,
    )


def attachment_download(
    *, actor: Person, attachment: OutgoingAttachment
) -> tuple[StoredFile, bytes]:
    """The file of an attachment the actor may see; a classified document's is audited."""
    stored = attachment.file
    if stored is None:
        raise NotFound("该附件没有文件（纸质附件）。")
    content = stored_download(
        actor=actor,
        stored=stored,
        document=attachment.document,
        action="outgoing.attachment.download",
    )
    return stored, content
