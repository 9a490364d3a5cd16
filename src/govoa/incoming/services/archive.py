"""办结 and the hand-over to the archive: the document is marked ready for 归档 with its
收文处理单 (a PDF made from the trail) stored beside it."""

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.documents.files import store_generated
from govoa.incoming.models import IncomingDocument


def document_completed(document: IncomingDocument) -> None:
    """Inside the completing act: note the time."""
    document.completed_at = timezone.now()
    document.save(update_fields=["completed_at"])


def prepare_archive(document_id: int) -> IncomingDocument | None:
    """Render the 收文处理单 and mark the document ready for 归档 (once; safe to repeat)."""
    from govoa.incoming.printables import processing_sheet_pdf

    with transaction.atomic():
        document = IncomingDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.archive_ready_at is not None:
            return document
        content = processing_sheet_pdf(document)
        sheet = store_generated(
            agency_id=document.agency_id,
            name=f"收文处理单-{document.number}.pdf",
            kind="pdf",
            content=content,
        )
        document.processing_sheet = sheet
        document.archive_ready_at = timezone.now()
        document.save(update_fields=["processing_sheet", "archive_ready_at"])
        audit_record(
            action="incoming.document.archive_ready",
            obj=document,
            agency_id=document.agency_id,
            details={"number": document.number, "sheet_sha256": sheet.sha256},
        )
    return document
