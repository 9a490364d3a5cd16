"""Exports of the 收文登记簿, and views, downloads and prints of classified material, are audited
acts (DESIGN §5)."""

from collections.abc import Sequence

from govoa.documents import registers
from govoa.documents.access import audit_if_classified, stored_download
from govoa.incoming import printables
from govoa.incoming.models import IncomingAttachment, IncomingDocument
from govoa.org.models import Person


def register_export(
    *, actor: Person, documents: Sequence[IncomingDocument], fmt: str, period: str, query: str
) -> bytes:
    return registers.register_export(
        actor=actor,
        book=printables.register_book(documents, period=period),
        fmt=fmt,
        action="incoming.register.export",
        query=query,
    )


def attachment_download(*, actor: Person, attachment: IncomingAttachment) -> bytes:
    """The bytes of an attachment the actor may see; classified ones are audited."""
    return stored_download(
        actor=actor,
        stored=attachment.file,
        document=attachment.document,
        action="incoming.attachment.download",
    )


def printable(*, actor: Person, document: IncomingDocument, kind: str) -> bytes:
    """收文处理单 or 退文通知单 as PDF; printing a classified document is audited."""
    content = (
        printables.processing_sheet_pdf(document)
        if kind == "sheet"
        else printables.return_slip_pdf(document)
    )
    audit_if_classified(
        actor=actor,
        document=document,
        action=f"incoming.document.print_{kind}",
        details={"number": document.number},
    )
    return content


def incoming_document_viewed(*, actor: Person, document: IncomingDocument) -> None:
    """The actor opened a document they may see (its page or the API): audited when it is
    classified (秘密 and above)."""
    audit_if_classified(
        actor=actor,
        document=document,
        action="incoming.document.view",
        details={"number": document.number},
    )
