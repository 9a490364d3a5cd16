"""整理 and 归档: classification (年度, 保管期限 from the agency's table, 机构（问题）), then
in one act per batch the 件号 (in date order within the lowest class) and the 档号 (stable once
given: filing again changes nothing), with the package's metadata and manifest. The 归档章 on
the first page is drawn after that short transaction has committed, so that the agency's
numbering lock is never held while PDFs are rendered: each record is stamped in its own
short transaction, idempotently; a failure is kept on the record (shown on its page) and
retried by the scheduler (``tasks.stamp_pending_records``), and never touches the 档号."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from govoa.archives.models import ArchiveRecord, ArchiveSettings
from govoa.archives.numbering import class_code, item_text, reference_code
from govoa.archives.services.common import (
    agency_settings,
    default_retention,
    require_archivist,
    source_trail_note,
)
from govoa.archives.services.intake import _arranging
from govoa.archives.services.packages import seal_package
from govoa.archives.stamping import NotAPdf, stamp_first_page
from govoa.archives.workflow import RETENTION_YEARS, RecordStatus, Retention, Scheme
from govoa.audit.models import Outcome
from govoa.audit.services import audit_record
from govoa.core.errors import NotFound, ValidationFailed
from govoa.documents.files import open_stored, store_generated
from govoa.org.models import Department, Person


@dataclass(frozen=True)
class Classifying:
    retention: str = ""  # "": the agency's table for the 文种
    department_id: int | None = None  # None: the record's own
    year: int | None = None  # None: the year of the record's date (签发/成文日期)
    note: str = ""


def _department_code(agency_id: int, department_id: int | None) -> str:
    department = Department.objects.filter(pk=department_id or 0, agency_id=agency_id).first()
    if department is None:
        raise ValidationFailed(fields={"department_id": ["请选择机构（问题）。"]})
    if not department.code:
        raise ValidationFailed(
            fields={"department_id": [f"“{department.name}”没有机构代码，请先在组织机构中设置。"]}
        )
    return department.code


def keep_until(year: int, retention: str) -> int | None:
    years = RETENTION_YEARS[Retention(retention)]
    return None if years is None else year + years


@transaction.atomic
def archive_record_classify(*, actor: Person, record_id: int, data: Classifying) -> ArchiveRecord:
    """分类 (DA/T 22-2015 5.2): the record's class in the agency's scheme."""
    require_archivist(actor, "archives.record.classify")
    record = _arranging(actor, record_id)
    settings = agency_settings(actor.agency_id)
    retention = data.retention or default_retention(actor.agency_id, record.doc_type)
    if retention not in Retention.values:
        raise ValidationFailed(fields={"retention": ["保管期限只能是永久、定期30年或定期10年。"]})
    year = data.year or record.date.year
    if not 1949 <= year <= timezone.localdate().year:
        raise ValidationFailed(fields={"year": ["年度不正确。"]})
    org = ""
    department_id = data.department_id or record.department_id
    if settings.scheme != Scheme.YEAR_PERIOD:
        org = _department_code(actor.agency_id, department_id)
    record.year, record.retention, record.org_code = year, retention, org
    record.department_id = department_id
    record.class_code = class_code(settings.scheme, year=year, retention=retention, org_code=org)
    record.keep_until = keep_until(year, retention)
    record.status = RecordStatus.CLASSIFIED
    if data.note:
        record.note = data.note[:300]
    record.save()
    audit_record(
        action="archives.record.classify",
        actor=actor,
        obj=record,
        details={"class": record.class_code, "retention": retention},
    )
    return record


def _stamp_cells(record: ArchiveRecord, settings: ArchiveSettings) -> list[tuple[str, str]]:
    return [
        ("全宗号", settings.fonds_code),
        ("年度", str(record.year)),
        ("件号", item_text(record.item_number or 0)),
        (
            "机构（问题）",
            record.department.name if record.department and record.org_code else "",
        ),
        ("保管期限", record.get_retention_display()),
        ("页数", str(record.pages)),
    ]


def _stamped_pdf(record: ArchiveRecord, settings: ArchiveSettings) -> bytes | None:
    """The 件's first readable PDF with the 归档章 on its first page (None: no PDF)."""
    cells = _stamp_cells(record, settings)
    for component in record.components.select_related("file").order_by("order", "pk"):
        if component.file is None or component.file.kind != "pdf":
            continue
        with open_stored(component.file) as handle:
            content = handle.read()
        try:
            return stamp_first_page(content, cells)
        except NotAPdf:
            continue
    return None


STAMP_RETRY_BATCH = 50


def archive_record_stamp(*, record_id: int) -> ArchiveRecord:
    """The 归档章 of a filed record, drawn outside any numbering lock (the PDF is rendered
    before the record's row is locked, for as long as it takes), then stored with the
    package's manifest resealed in one short transaction. Idempotent: a record stamped
    already, or by a concurrent run meanwhile, is returned as it is. A failure is recorded
    on the record (``stamp_error``) and audited; the 档号 stays as it was."""
    record = (
        ArchiveRecord.objects.select_related("department", "agency", "filed_by")
        .filter(pk=record_id)
        .first()
    )
    if record is None:
        raise NotFound()
    if not record.stamp_pending:
        return record
    settings = agency_settings(record.agency_id)
    try:
        stamped = _stamped_pdf(record, settings)
        stored = (
            store_generated(
                agency_id=record.agency_id,
                name=f"{record.reference_code}.pdf",
                kind="pdf",
                content=stamped,
            )
            if stamped is not None
            else None
        )
    except Exception as exc:
        reason = f"归档章加盖失败（{type(exc).__name__}），将自动重试。"
        with transaction.atomic():
            ArchiveRecord.objects.filter(pk=record.pk, stamp_pending=True).update(
                stamp_error=reason
            )
            audit_record(
                action="archives.record.stamp",
                actor=record.filed_by,
                obj=record,
                outcome=Outcome.FAILURE,
                details={"reference_code": record.reference_code, "error": repr(exc)[:200]},
            )
        record.stamp_error = reason
        return record
    with transaction.atomic():
        locked = (
            ArchiveRecord.objects.select_for_update(of=("self",))
            .select_related("department", "agency")
            .get(pk=record.pk)
        )
        if not locked.stamp_pending:
            return locked  # stamped meanwhile by another run
        if stored is not None:
            locked.stamped_file = stored
        locked.stamp_pending, locked.stamp_error = False, ""
        seal_package(locked, settings)
        locked.save(
            update_fields=[
                "stamped_file",
                "stamp_pending",
                "stamp_error",
                "metadata",
                "manifest_sm3",
            ]
        )
        audit_record(
            action="archives.record.stamp",
            actor=record.filed_by,
            obj=locked,
            details={
                "reference_code": locked.reference_code,
                "stamped": stored is not None,
                "manifest_sm3": locked.manifest_sm3,
            },
        )
    return locked


def stamp_pending_records(limit: int = STAMP_RETRY_BATCH) -> int:
    """The scheduler's retry: records whose 归档章 is still pending (oldest first, a capped
    batch through the partial index); returns how many are stamped now."""
    ids = list(
        ArchiveRecord.objects.filter(stamp_pending=True)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    return sum(1 for pk in ids if not archive_record_stamp(record_id=pk).stamp_pending)


def _sorted(records: Sequence[ArchiveRecord]) -> list[ArchiveRecord]:
    """按时间结合事由排列 (5.3.1): by date, then by title, within each class."""
    return sorted(records, key=lambda r: (r.class_code, r.date, r.title, r.pk))


def archive_records_file(*, actor: Person, record_ids: Sequence[int]) -> list[ArchiveRecord]:
    """归档 of classified records: 件号, 档号, 归档章, package. Records already filed keep
    their 档号 and are returned as they are."""
    require_archivist(actor, "archives.record.file")
    ids = sorted(set(record_ids))
    if not ids or len(ids) > 200:
        raise ValidationFailed(fields={"record_ids": ["请选择 1 至 200 件。"]})
    with transaction.atomic():
        # The settings row serialises numbering in the agency (one 件号 per place).
        settings = agency_settings(actor.agency_id, lock=True)
        records = list(
            ArchiveRecord.objects.select_for_update(of=("self",))  # the department may be null
            .filter(pk__in=ids, agency_id=actor.agency_id, classification__lte=actor.clearance)
            .select_related("department")
        )
        if len(records) != len(ids):
            raise ValidationFailed(fields={"record_ids": ["有的件不存在。"]})
        waiting = [r for r in records if r.reference_code is None]
        unclassified = [r.title for r in waiting if r.status != RecordStatus.CLASSIFIED]
        if unclassified:
            raise ValidationFailed(
                fields={"record_ids": [f"请先分类：{'、'.join(unclassified[:5])}"]}
            )
        now = timezone.now()
        numbered = []
        for record in _sorted(waiting):
            _number(record, settings, actor, now)
            numbered.append(record.pk)
    # Committed: the numbering lock is released before any PDF is drawn.
    for pk in numbered:
        archive_record_stamp(record_id=pk)
    return list(
        ArchiveRecord.objects.filter(pk__in=ids).select_related("department").order_by("pk")
    )


def _number(
    record: ArchiveRecord, settings: ArchiveSettings, actor: Person, now: datetime.datetime
) -> None:
    last = ArchiveRecord.objects.filter(
        agency_id=record.agency_id, class_code=record.class_code
    ).aggregate(last=Max("item_number"))["last"]
    record.item_number = (last or 0) + 1
    assert record.year is not None
    record.reference_code = reference_code(
        settings.pattern,
        fonds=settings.fonds_code,
        category=settings.category_code,
        year=record.year,
        retention=record.retention,
        org_code=record.org_code,
        item=record.item_number,
    )
    record.status, record.filed_by, record.filed_at = RecordStatus.FILED, actor, now
    record.stamp_pending = True  # drawn once this transaction has committed
    seal_package(record, settings)
    record.save()
    audit_record(
        action="archives.record.file",
        actor=actor,
        obj=record,
        details={"reference_code": record.reference_code, "manifest_sm3": record.manifest_sm3},
    )
    source_trail_note(
        actor,
        record,
        "归档",
        f"档号 {record.reference_code}，保管期限{record.get_retention_display()}",
    )
    # The items joined into this 件 (来文 behind its 复文) were filed under the same 档号:
    # their own 办理过程 says so too.
    for joined in record.joined.all():
        source_trail_note(
            actor,
            joined,
            "归档",
            f"档号 {record.reference_code}（与《{record.title}》组为一件），"
            f"保管期限{record.get_retention_display()}",
        )
