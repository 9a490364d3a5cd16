"""借阅: a request with its purpose and due date, approved on the engine by the record's
密级 (the requester never approves their own); an electronic loan is a read-only view of the
files until the due date, every page watermarked with the reader's name and the time;
return; reminders when overdue."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from govoa.archives.models import ArchiveComponent, ArchiveLoan
from govoa.archives.policies import is_archivist, records_visible_q
from govoa.archives.stamping import NotAPdf, watermark_pages
from govoa.archives.workflow import LoanKind, LoanStatus, RecordStatus, loan_template_code
from govoa.audit.services import audit_denied, audit_record
from govoa.core.dates import day_start
from govoa.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from govoa.core.vocabulary import Role
from govoa.documents.files import open_stored
from govoa.flow.services.acts import flow_start
from govoa.notify.services import notify
from govoa.org.models import Person
from govoa.org.policies import may_handle_business
from govoa.org.selectors import people_with_role

MAX_DAYS = 90


@dataclass(frozen=True)
class LoanData:
    record_id: int
    kind: str
    purpose: str
    due_date: datetime.date


def archive_loan_request(*, actor: Person, data: LoanData) -> ArchiveLoan:
    if not may_handle_business(actor):
        raise audit_denied(action="archives.loan.request", actor=actor, reason="三员不借阅档案。")
    from govoa.archives.models import ArchiveRecord

    record = ArchiveRecord.objects.filter(records_visible_q(actor), pk=data.record_id).first()
    if record is None:
        raise NotFound()
    if record.status != RecordStatus.FILED:
        raise TransitionNotAllowed("只能借阅已归档的档案。")
    problems: dict[str, list[str]] = {}
    if data.kind not in LoanKind.values:
        problems["kind"] = ["请选择借阅方式。"]
    if not data.purpose.strip() or len(data.purpose) > 300:
        problems["purpose"] = ["请填写借阅目的（不超过 300 字）。"]
    today = timezone.localdate()
    if not today <= data.due_date <= today + datetime.timedelta(days=MAX_DAYS):
        problems["due_date"] = [f"归还日期应在今天至 {MAX_DAYS} 天内。"]
    if problems:
        raise ValidationFailed(fields=problems)
    with transaction.atomic():
        loan = ArchiveLoan.objects.create(
            agency_id=actor.agency_id,
            record=record,
            requester=actor,
            kind=data.kind,
            purpose=data.purpose.strip(),
            due_date=data.due_date,
        )
        flow_start(actor=actor, code=loan_template_code(record.classification), subject=loan)
        audit_record(
            action="archives.loan.request",
            actor=actor,
            obj=loan,
            details={"record": record.reference_code, "kind": data.kind},
        )
    return loan


def loan_approved(loan: ArchiveLoan) -> None:
    """The approval ended in 批准 (inside the act): the view is open until the due date."""
    loan.status = LoanStatus.APPROVED
    loan.expires_at = day_start(loan.due_date + datetime.timedelta(days=1))
    loan.save(update_fields=["status", "expires_at"])
    notify(
        recipients=[loan.requester],
        kind="archives.loan.approved",
        title=f"档案借阅已批准：{loan.record.reference_code}",
        body=f"请于 {loan.due_date:%Y-%m-%d} 前归还（电子借阅到期后自动关闭）。",
        url=f"/archives/loans/{loan.pk}/",
        agency_id=loan.agency_id,
        channels=("inapp",),
    )


@transaction.atomic
def archive_loan_return(*, actor: Person, loan_id: int) -> ArchiveLoan:
    loan = (
        ArchiveLoan.objects.select_for_update()
        .filter(pk=loan_id, agency_id=actor.agency_id)
        .first()
    )
    if loan is None:
        raise NotFound()
    if loan.requester_id != actor.pk and not is_archivist(actor):
        raise PermissionDenied("只有借阅人或档案员可以办理归还。")
    if loan.status == LoanStatus.RETURNED:
        return loan
    if loan.status != LoanStatus.APPROVED:
        raise TransitionNotAllowed("该借阅未在借阅中，不能归还。")
    loan.status, loan.returned_at = LoanStatus.RETURNED, timezone.now()
    loan.save(update_fields=["status", "returned_at"])
    audit_record(action="archives.loan.return", actor=actor, obj=loan)
    return loan


def loan_readable(loan: ArchiveLoan, actor: Person) -> bool:
    return (
        loan.requester_id == actor.pk
        and loan.kind == LoanKind.ELECTRONIC
        and loan.status == LoanStatus.APPROVED
        and loan.expires_at is not None
        and timezone.now() < loan.expires_at
        and loan.record.status == RecordStatus.FILED
    )


def loan_read_file(*, actor: Person, loan: ArchiveLoan, component_id: int) -> tuple[str, bytes]:
    """One file of the loan, watermarked on every page with the reader and the time."""
    if not loan_readable(loan, actor):
        raise PermissionDenied("借阅未批准、已归还或已过期，不能查阅。")
    component = (
        ArchiveComponent.objects.filter(
            pk=component_id, record_id=loan.record_id, file__isnull=False
        )
        .select_related("file")
        .first()
    )
    if component is None or component.file is None:
        raise NotFound()
    with open_stored(component.file) as handle:
        content = handle.read()
    now = timezone.localtime()
    text = f"{actor.real_name} {now:%Y-%m-%d %H:%M} 借阅专用"
    try:
        marked = watermark_pages(content, text)
    except NotAPdf as exc:
        raise ValidationFailed("该文件不是 PDF，请到档案室查阅。") from exc
    audit_record(
        action="archives.loan.read",
        actor=actor,
        obj=loan,
        details={"file": component.name, "watermark": text},
    )
    return component.name, marked


def remind_overdue_loans() -> int:
    """Loans past their due date and not returned: the borrower and the archivists are
    reminded once a day."""
    today = timezone.localdate()
    overdue = ArchiveLoan.objects.filter(
        status=LoanStatus.APPROVED, due_date__lt=today
    ).select_related("record", "requester")
    sent = 0
    for loan in overdue[:1000]:
        if loan.reminded_at and timezone.localtime(loan.reminded_at).date() >= today:
            continue
        archivists = list(people_with_role(agency_id=loan.agency_id, role=Role.ARCHIVIST))
        notify(
            recipients=[loan.requester, *archivists],
            kind="archives.loan.overdue",
            title=f"档案借阅已超期：{loan.record.reference_code}",
            body=f"{loan.requester.real_name}借阅的档案应于 {loan.due_date:%Y-%m-%d} 归还。",
            url=f"/archives/loans/{loan.pk}/",
            agency_id=loan.agency_id,
            channels=("inapp",),
        )
        ArchiveLoan.objects.filter(pk=loan.pk).update(reminded_at=timezone.now())
        sent += 1
    return sent
