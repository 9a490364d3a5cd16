"""归档 intake: a finished item from a registered source becomes a 件 in the archivist's
hands, its files copied in the in-item order with their SM3 digests; items that form one
件 are joined (复文与来文, 转发文与被转发文); items the 8号令 leaves out are set aside."""

from django.db import transaction
from django.utils import timezone

from govoa.archives.components import Part, ordered
from govoa.archives.models import ArchiveComponent, ArchiveRecord
from govoa.archives.services.common import copied, require_archivist, source_trail_note
from govoa.archives.sources import SOURCES
from govoa.archives.stamping import page_count
from govoa.archives.workflow import ComponentRole, JoinKind, RecordStatus
from govoa.audit.services import audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.documents.files import open_stored, store_generated
from govoa.documents.models import StoredFile
from govoa.org.models import Person

ARRANGING = (RecordStatus.RECEIVED, RecordStatus.CLASSIFIED)


def _stored(part: Part, agency_id: int) -> StoredFile:
    if part.content is not None:
        return store_generated(
            agency_id=agency_id, name=part.name, kind="pdf", content=part.content
        )
    assert isinstance(part.file, StoredFile)
    return copied(part.file, agency_id)


def _pages(stored: StoredFile) -> int:
    if stored.kind != "pdf":
        return 1
    with open_stored(stored) as handle:
        return page_count(handle.read())


def archive_intake(*, actor: Person, source_type: str, source_id: int) -> ArchiveRecord:
    """Take a finished item into the archive (once: taking it again returns the same 件)."""
    require_archivist(actor, "archives.record.receive")
    source = SOURCES.get(source_type)
    if source is None:
        raise ValidationFailed(fields={"source_type": ["没有这种归档来源。"]})
    existing = ArchiveRecord.objects.filter(
        agency_id=actor.agency_id, source_type=source_type, source_id=source_id
    ).first()
    if existing is not None:
        return existing
    item = source.finished(actor.agency_id).filter(pk=source_id).first()
    if item is None or item.classification > actor.clearance:
        raise NotFound("没有找到该文件，或它尚未办结。")
    bundle = source.bundle(item)  # renders PDFs: outside the transaction
    with transaction.atomic():
        record = ArchiveRecord.objects.create(
            agency_id=actor.agency_id,
            source_type=source_type,
            source_id=source_id,
            source_label=source.label,
            title=bundle.title[:300],
            doc_number=bundle.doc_number[:100],
            responsible=bundle.responsible[:200],
            doc_type=bundle.doc_type,
            date=bundle.date,
            classification=bundle.classification,
            department_id=bundle.department_id,
            non_archive_reason=bundle.non_archive_reason,
            note=bundle.note[:300],
            received_by=actor,
            received_at=timezone.now(),
        )
        pages = 0
        for order, part in enumerate(ordered(bundle.parts), start=1):
            stored = _stored(part, actor.agency_id)
            count = _pages(stored)
            pages += count
            ArchiveComponent.objects.create(
                record=record,
                role=part.role,
                order=order,
                name=part.name[:255],
                file=stored,
                sm3=stored.sm3,
                size=stored.size,
                pages=count,
            )
        record.pages = pages
        record.save(update_fields=["pages"])
        audit_record(
            action="archives.record.receive",
            actor=actor,
            obj=record,
            details={"source": source_type, "source_id": source_id, "files": len(bundle.parts)},
        )
        source_trail_note(
            actor, record, "归档接收", f"档案室接收归档，{pages} 页，{len(bundle.parts)} 个文件"
        )
    return record


def _arranging(actor: Person, record_id: int) -> ArchiveRecord:
    record = (
        ArchiveRecord.objects.select_for_update()
        .filter(pk=record_id, agency_id=actor.agency_id, classification__lte=actor.clearance)
        .first()
    )
    if record is None:
        raise NotFound()
    if record.status not in ARRANGING:
        raise TransitionNotAllowed(f"该件{record.get_status_display()}，不能再整理。")
    return record


@transaction.atomic
def archive_record_exclude(*, actor: Person, record_id: int, reason: str) -> ArchiveRecord:
    """不归档 (8号令 第四条): the item stays listed, marked, and leaves the queue."""
    require_archivist(actor, "archives.record.exclude")
    if not reason.strip() or len(reason) > 200:
        raise ValidationFailed(fields={"reason": ["请填写不归档的理由（不超过 200 字）。"]})
    record = _arranging(actor, record_id)
    record.status, record.note = RecordStatus.EXCLUDED, f"不归档：{reason.strip()}"[:300]
    record.save(update_fields=["status", "note"])
    audit_record(
        action="archives.record.exclude", actor=actor, obj=record, details={"reason": reason}
    )
    source_trail_note(actor, record, "不归档", reason.strip())
    return record


@transaction.atomic
def archive_record_join(
    *, actor: Person, record_id: int, other_id: int, kind: str
) -> ArchiveRecord:
    """Two items form one 件 (DA/T 22-2015 5.1.1): the other's files follow this one's
    (复文在前、来文在后; 转发文在前、被转发文在后), and the catalogue entry names the
    other (5.5.2: 对复文的编目应体现来文内容)."""
    require_archivist(actor, "archives.record.join")
    if kind not in JoinKind.values:
        raise ValidationFailed(fields={"kind": ["请选择组件方式。"]})
    if record_id == other_id:
        raise ValidationFailed(fields={"other_id": ["不能与自身组为一件。"]})
    record = _arranging(actor, record_id)
    other = _arranging(actor, other_id)
    last = record.components.count()
    for offset, component in enumerate(other.components.order_by("order", "pk"), start=1):
        component.record, component.order = record, last + offset
        if component.role != ComponentRole.PROCESSING_SHEET:
            component.role = ComponentRole.JOINED
        component.save(update_fields=["record", "order", "role"])
    label = "来文" if kind == JoinKind.REPLY else "被转发文"
    record.note = f"{label}：{other.doc_number} {other.title}".strip()[:300]
    record.pages += other.pages
    record.save(update_fields=["note", "pages"])
    other.status, other.note, other.pages, other.joined_into = (
        RecordStatus.EXCLUDED,
        f"已与“{record.title}”组为一件"[:300],
        0,
        record,
    )
    other.save(update_fields=["status", "note", "pages", "joined_into"])
    audit_record(
        action="archives.record.join",
        actor=actor,
        obj=record,
        details={"other_id": other.pk, "kind": kind},
    )
    source_trail_note(actor, other, "归档组件", f"与《{record.title}》组为一件归档")
    return record
