"""签收 and 登记: one number per document (一文一号), attachments checked by content, the
flow started in the same transaction. A second registration of the same 来文单位 + 来文文号
is refused with a link to the first unless the registrar confirms it."""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import Conflict, TransitionNotAllowed, ValidationFailed
from govoa.core.events import BusinessEvent, business_event
from govoa.core.sequences import sequence_next
from govoa.core.validation import full_clean_or_fail
from govoa.core.vocabulary import Classification
from govoa.documents.files import CheckedUpload, Stream, check_upload, store_upload
from govoa.documents.models import StoredFile
from govoa.documents.vocabulary import DocType, ReceiveChannel, Urgency
from govoa.flow.services.acts import flow_start
from govoa.incoming.models import IncomingAttachment, IncomingDocument
from govoa.incoming.policies import can_manage, can_register
from govoa.incoming.workflow import ASKING_TYPES, OPEN_STATUSES
from govoa.org.models import Person

FLOW_CODE = "incoming"
MAX_ATTACHMENTS = 20


@dataclass
class Registration:
    source_org: str
    title: str
    doc_type: str
    received_at: datetime.datetime
    source_number: str = ""
    classification: int = Classification.NONE
    secrecy_period: str = ""
    urgency: str = Urgency.NORMAL
    copies: int = 1
    pages: int = 1
    written_on: datetime.date | None = None
    channel: str = ReceiveChannel.PAPER
    due_date: datetime.date | None = None
    remarks: str = ""
    reply_required: bool = False  # 请示 and 函 ask for an answer whatever this says
    uploads: list[tuple[str, Stream]] = field(default_factory=list)


class DuplicateRegistration(Conflict):
    code = "duplicate_registration"

    def __init__(self, earlier: IncomingDocument):
        self.earlier = earlier
        super().__init__(
            f"“{earlier.source_org}”的来文“{earlier.source_number}”已于 "
            f"{timezone.localtime(earlier.registered_at):%Y-%m-%d %H:%M} 登记为 {earlier.number}"
            "（《" + earlier.title + "》）。如确需再次登记（如另一份原件），请确认后提交。"
        )


# Set by the system, not typed by the registrar: left out of the model's own checks.
SYSTEM_FIELDS = [
    "agency",
    "number",
    "year",
    "serial",
    "received_by",
    "registered_by",
    "duplicate_of",
    "supervisor",
    "status",
    "idempotency_key",
    "exchange_id",
]
EARLIEST_YEAR = 1949


def _aware(moment: datetime.datetime) -> datetime.datetime:
    """A time given without a time zone is local time (what a registrar reads off a clock)."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _unsaved(actor: Person, data: Registration, key: str) -> IncomingDocument:
    return IncomingDocument(
        agency_id=actor.agency_id,
        source_org=data.source_org.strip(),
        source_number=data.source_number.strip(),
        title=data.title.strip(),
        doc_type=data.doc_type,
        classification=data.classification,
        secrecy_period=data.secrecy_period.strip(),
        urgency=data.urgency,
        copies=data.copies,
        pages=data.pages,
        written_on=data.written_on,
        received_at=_aware(data.received_at),
        channel=data.channel,
        received_by=actor,
        registered_by=actor,
        due_date=data.due_date,
        remarks=data.remarks.strip(),
        reply_required=data.reply_required or data.doc_type in ASKING_TYPES,
        idempotency_key=key,
    )


def _domain_errors(document: IncomingDocument, actor: Person, uploads: int) -> dict[str, list[str]]:
    """What the model's fields do not say: clearance, 保密期限, dates, counts (and the words a
    registrar expects for the three fields every 收文 needs)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not document.source_org:
        add("source_org", "请填写来文单位。")
    if not document.title:
        add("title", "请填写标题。")
    if document.doc_type not in DocType.values:
        add("doc_type", "请选择文种。")
    if (
        document.classification in Classification.values
        and document.classification > actor.clearance
    ):
        add("classification", "您的涉密等级不足，不能登记该密级的文件，请交机要人员登记。")
    if document.classification >= Classification.SECRET and not document.secrecy_period:
        add("secrecy_period", "涉密文件须填写保密期限。")
    if not 1 <= document.copies <= 999:
        add("copies", "份数应在 1 到 999 之间。")
    if not 1 <= document.pages <= 9999:
        add("pages", "页数应在 1 到 9999 之间。")
    if uploads > MAX_ATTACHMENTS:
        add("attachments", f"附件不能超过 {MAX_ATTACHMENTS} 个。")
    for name, message in _date_errors(document):
        add(name, message)
    return errors


def _date_errors(document: IncomingDocument) -> list[tuple[str, str]]:
    received_at = document.received_at
    if received_at.year < EARLIEST_YEAR:  # before localtime(), which overflows at year 1
        return [("received_at", "收文时间不合理。")]
    if received_at > timezone.now() + datetime.timedelta(minutes=5):
        return [("received_at", "收文时间不能晚于现在。")]
    received_day = timezone.localtime(received_at).date()
    written_on, due_date = document.written_on, document.due_date
    errors = []
    if written_on and written_on > received_day:
        errors.append(("written_on", "成文日期不能晚于收文日期。"))
    if written_on and written_on.year < EARLIEST_YEAR:
        errors.append(("written_on", "成文日期不合理。"))
    if due_date and due_date < received_day:
        errors.append(("due_date", "限办日期不能早于收文日期。"))
    return errors


def _validate(document: IncomingDocument, actor: Person, uploads: int) -> None:
    """The domain checks, then the model's own (lengths, choices) on the fields they passed."""
    errors = _domain_errors(document, actor, uploads)
    try:
        full_clean_or_fail(document, exclude=[*SYSTEM_FIELDS, *errors])
    except ValidationFailed as exc:
        errors |= exc.fields
    if errors:
        raise ValidationFailed(fields=errors)


def number_for(year: int, serial: int) -> str:
    return settings.GOVOA_INCOMING_NUMBER_PATTERN.format(year=year, serial=serial)


def incoming_register(
    *, actor: Person, data: Registration, confirm_duplicate: bool = False, idempotency_key: str = ""
) -> IncomingDocument:
    """签收 and 登记 a received document; the flow starts at 初审. A retry with the same
    ``idempotency_key`` returns the first registration (``incoming_register_or_replay`` also
    says which of the two happened)."""
    document, _created = incoming_register_or_replay(
        actor=actor,
        data=data,
        confirm_duplicate=confirm_duplicate,
        idempotency_key=idempotency_key,
    )
    return document


def incoming_register_or_replay(
    *, actor: Person, data: Registration, confirm_duplicate: bool = False, idempotency_key: str = ""
) -> tuple[IncomingDocument, bool]:
    """``incoming_register``, saying whether it registered (``True``) or found the document an
    earlier request with the same ``Idempotency-Key`` registered (``False``)."""
    if not can_register(actor):
        raise audit_denied(
            action="incoming.document.register", actor=actor, reason="只有收发员可以登记收文。"
        )
    key = idempotency_key.strip()[:100]
    earlier = _replayed(actor, key)
    if earlier is not None:
        return earlier, False
    document = _unsaved(actor, data, key)
    checked = [(check_upload(name, stream), stream) for name, stream in data.uploads]
    _validate(document, actor, len(checked))  # after the uploads: 413/415 are said first
    try:
        with transaction.atomic():
            return _register(actor, document, checked, confirm_duplicate), True
    except IntegrityError as exc:  # the same idempotency key, submitted twice at once
        earlier = _replayed(actor, key)
        if earlier is None:
            raise Conflict("登记冲突，请重试。") from exc
        return earlier, False


def _replayed(actor: Person, key: str) -> IncomingDocument | None:
    if not key:
        return None
    return IncomingDocument.objects.filter(
        agency_id=actor.agency_id, registered_by=actor, idempotency_key=key
    ).first()


def _earlier(document: IncomingDocument) -> IncomingDocument | None:
    """The first registration of the same 来文单位 + 来文文号, if any."""
    if not document.source_number:
        return None
    return (
        IncomingDocument.objects.filter(
            agency_id=document.agency_id,
            source_org=document.source_org,
            source_number=document.source_number,
        )
        .order_by("registered_at", "pk")
        .first()
    )


def _register(
    actor: Person,
    document: IncomingDocument,
    checked: list[tuple[CheckedUpload, Stream]],
    confirm_duplicate: bool,
) -> IncomingDocument:
    # Before the number is taken: a refusal leaves the numbering untouched.
    earlier = _earlier(document)
    if earlier is not None and not confirm_duplicate:
        raise DuplicateRegistration(earlier)
    document.duplicate_of = earlier
    return incoming_create(
        document=document,
        files=_stored(actor, document.agency_id, checked),
        actor=actor,
        audit_action="incoming.document.register",
        details={
            "source_org": document.source_org,
            "source_number": document.source_number,
            "classification": document.classification,
            "attachments": len(checked),
            "duplicate_of": earlier.number if earlier else None,
        },
        flow_code=FLOW_CODE,
        opinion="签收登记",
    )


def incoming_create(
    *,
    document: IncomingDocument,
    files: Iterable[StoredFile],
    actor: Person | None,
    audit_action: str,
    details: dict[str, Any],
    flow_code: str,
    opinion: str,
) -> IncomingDocument:
    """What every arrival shares, inside the caller's transaction (登记 and 公文交换, which
    check who may do it): the next number of the year received (一文一号, gap-free), the
    document and its ``files`` saved (the iterable is consumed after the document is), the
    arrival audited, the flow started by the registrar."""
    year = timezone.localtime(document.received_at).year
    document.year = year
    document.serial = sequence_next(agency_id=document.agency_id, kind="incoming", year=year)
    document.number = number_for(year, document.serial)
    document.save()
    _attach(document, files)
    audit_record(
        action=audit_action,
        actor=actor,
        obj=document,
        agency_id=document.agency_id,
        details={"number": document.number, **details},
    )
    # The row was inserted by this transaction: nobody else can see it, let alone change it,
    # so the flow takes it as it is (no reading it back under a lock).
    flow_start(
        actor=document.registered_by,
        code=flow_code,
        subject=document,
        opinion=opinion,
        locked=True,
    )
    business_event(
        BusinessEvent(
            name="document.registered",
            agency_id=document.agency_id,
            object_type="incoming",
            object_id=document.pk,
            url=f"/incoming/{document.pk}/",
            classification=document.classification,
            data={"number": document.number, "title": document.title},
        )
    )
    return document


def _stored(
    actor: Person, agency_id: int, checked: list[tuple[CheckedUpload, Stream]]
) -> Iterator[StoredFile]:
    for upload, stream in checked:
        yield store_upload(agency_id=agency_id, uploaded_by=actor, checked=upload, stream=stream)


def _attach(document: IncomingDocument, files: Iterable[StoredFile], start: int = 0) -> None:
    for order, stored in enumerate(files, start=start):
        IncomingAttachment.objects.create(document=document, file=stored, order=order)


def accepts_attachments(document: IncomingDocument) -> bool:
    """Attachments are added while the document is handled: not once it is closed (办结、退文、
    撤销) or handed over for 归档."""
    return document.status in OPEN_STATUSES and document.archive_ready_at is None


def incoming_add_attachments(
    *, actor: Person, document: IncomingDocument, uploads: list[tuple[str, Stream]]
) -> None:
    """补充附件 while the document is handled; its state and attachment count are read from
    the locked row, so neither a stale page nor two uploads at once get past them."""
    if not can_manage(actor, document):
        raise audit_denied(
            action="incoming.attachment.add",
            actor=actor,
            obj=document,
            reason="只有收发员或办公室主任可以补充附件。",
        )
    if not uploads:
        raise ValidationFailed(fields={"attachments": ["请选择文件。"]})
    checked = [(check_upload(name, stream), stream) for name, stream in uploads]
    with transaction.atomic():
        locked = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        if not accepts_attachments(locked):
            raise TransitionNotAllowed("该收文已办结、退文、撤销或已移交归档，不能再补充附件。")
        start = locked.attachments.count()
        own = locked.attachments.filter(co_department__isnull=True).count()
        if own + len(checked) > MAX_ATTACHMENTS:
            raise ValidationFailed(fields={"attachments": [f"附件不能超过 {MAX_ATTACHMENTS} 个。"]})
        _attach(locked, _stored(actor, locked.agency_id, checked), start=start)
        audit_record(
            action="incoming.attachment.add",
            actor=actor,
            obj=locked,
            details={"files": [u.name for u, _s in checked]},
        )


def incoming_set_supervisor(
    *, actor: Person, document: IncomingDocument, supervisor: Person | None
) -> IncomingDocument:
    """A named 催办人 for an urgent or important document (条例 第二十四条 (六))."""
    if not can_manage(actor, document):
        raise audit_denied(
            action="incoming.document.supervisor",
            actor=actor,
            obj=document,
            reason="只有收发员或办公室主任可以指定催办人。",
        )
    if supervisor is not None and (
        supervisor.agency_id != document.agency_id
        or not supervisor.is_active
        or supervisor.clearance < document.classification
    ):
        raise ValidationFailed(
            fields={"supervisor": ["催办人须为本机关在职人员，且涉密等级足够。"]}
        )
    with transaction.atomic():
        IncomingDocument.objects.filter(pk=document.pk).update(supervisor=supervisor)
        audit_record(
            action="incoming.document.supervisor",
            actor=actor,
            obj=document,
            details={"supervisor": supervisor.real_name if supervisor else None},
        )
    document.supervisor = supervisor
    return document
