"""用印申请 and 用印: a request names its document (a 发文 of the system, or an uploaded file —
never a blank page), is approved on the engine by the authority its seal type's template
names, and is stamped by the seal's custodian only, confirming the actual count. Every
refused stamping is audited, with its reason."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from govoa.audit.models import Outcome
from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import (
    AlreadyHandled,
    GovOAError,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from govoa.documents.files import check_upload, store_upload
from govoa.documents.sealing import SealApplied, SealingRequest, find_document
from govoa.flow.services.acts import flow_start
from govoa.flow.services.notes import flow_trail_note
from govoa.org.models import Person
from govoa.seals.models import Seal, SealUsage
from govoa.seals.policies import USAGE_TYPE, can_request_usage
from govoa.seals.workflow import SealStatus, SealType, UsageStatus, usage_template_code

OUTGOING_TYPE = "outgoing.outgoingdocument"


@dataclass(frozen=True)
class UsageData:
    seal_id: int
    reason: str
    use_unit: str
    copies: int
    outgoing_document_id: int | None = None


def _checked(actor: Person, data: UsageData) -> Seal:
    problems: dict[str, list[str]] = {}
    if not data.reason.strip() or len(data.reason) > 300:
        problems["reason"] = ["请填写用印事由（不超过 300 字）。"]
    if not data.use_unit.strip() or len(data.use_unit) > 100:
        problems["use_unit"] = ["请填写用印单位（不超过 100 字）。"]
    if not 1 <= data.copies <= 10_000:
        problems["copies"] = ["份数应为 1 至 10000。"]
    if problems:
        raise ValidationFailed(fields=problems)
    seal = Seal.objects.filter(pk=data.seal_id, agency_id=actor.agency_id).first()
    if seal is None:
        raise ValidationFailed(fields={"seal_id": ["印章不存在。"]})
    if seal.status != SealStatus.ACTIVE:
        raise ValidationFailed(
            fields={"seal_id": [f"“{seal.name}”已{seal.get_status_display()}，不能申请用印。"]}
        )
    return seal


def seal_usage_request(
    *, actor: Person, data: UsageData, upload: tuple[str, Any] | None = None
) -> SealUsage:
    """用印申请, sent for approval at once (template of the seal's type)."""
    if not can_request_usage(actor):
        raise audit_denied(
            action="seals.usage.request",
            actor=actor,
            reason="只有本机关有部门的工作人员可以申请用印。",
        )
    seal = _checked(actor, data)
    document = None
    if data.outgoing_document_id is not None:
        document = find_document(OUTGOING_TYPE, actor, data.outgoing_document_id)
        if document is None:
            raise ValidationFailed(fields={"outgoing_document_id": ["没有找到该发文。"]})
    elif upload is None:
        raise ValidationFailed(
            fields={"file": ["请选择用印的发文或上传用印文件：不能在空白纸上用印。"]}
        )
    checked = check_upload(upload[0], upload[1]) if document is None and upload else None
    assert actor.department_id is not None  # can_request_usage
    with transaction.atomic():
        stored = None
        if checked is not None and upload is not None:
            stored = store_upload(
                agency_id=actor.agency_id, uploaded_by=actor, checked=checked, stream=upload[1]
            )
        usage = SealUsage.objects.create(
            agency_id=actor.agency_id,
            seal=seal,
            requester=actor,
            department_id=actor.department_id,
            reason=data.reason.strip(),
            use_unit=data.use_unit.strip(),
            copies=data.copies,
            document_type=document.subject_type if document else "",
            document_id=document.pk if document else None,
            document_title=document.title if document else (stored.name if stored else ""),
            document_number=document.number if document else "",
            file=stored,
        )
        flow_start(actor=actor, code=usage_template_code(seal.seal_type), subject=usage)
        audit_record(
            action="seals.usage.request",
            actor=actor,
            obj=usage,
            details={"seal_id": seal.pk, "copies": usage.copies, "document": usage.document_title},
        )
    return usage


def _refusal(usage: SealUsage, actor: Person) -> GovOAError | None:
    """Why this stamping may not happen, or None: not approved, not the custodian, the
    seal not in use, no document."""
    if usage.status == UsageStatus.STAMPED:
        return AlreadyHandled("该申请已用印，不能重复用印。")
    if usage.status != UsageStatus.APPROVED:
        return TransitionNotAllowed("该用印申请未经批准，不能用印。")
    if usage.seal.custodian_id != actor.pk:
        return PermissionDenied(f"只有“{usage.seal.name}”的保管人可以用印。")
    if usage.seal.status != SealStatus.ACTIVE:
        return TransitionNotAllowed(
            f"“{usage.seal.name}”已{usage.seal.get_status_display()}，不能用印。"
        )
    if not usage.has_document:
        return ValidationFailed("用印申请没有文件，不能在空白纸上用印。")
    return None


def _audit_refused(actor: Person, usage: SealUsage, error: GovOAError) -> None:
    audit_record(
        action="seals.usage.stamp",
        actor=actor,
        obj=usage,
        outcome=Outcome.DENIED,
        details={"reason": error.message},
    )


def seal_usage_stamp(*, actor: Person, usage_id: int, count: int) -> SealUsage:
    """用印 by the custodian, confirming the actual count (at most the approved copies).
    Refusals (see ``_refusal``) are audited before anything else happens."""
    usage = (
        SealUsage.objects.select_related("seal")
        .filter(pk=usage_id, agency_id=actor.agency_id)
        .first()
    )
    if usage is None:
        raise NotFound()
    error = _refusal(usage, actor)
    if error is not None:
        if not isinstance(error, AlreadyHandled):
            _audit_refused(actor, usage, error)
        raise error
    if not 1 <= count <= usage.copies:
        raise ValidationFailed(fields={"count": [f"实际用印份数应为 1 至 {usage.copies}。"]})
    with transaction.atomic():
        usage = SealUsage.objects.select_for_update().select_related("seal").get(pk=usage_id)
        error = _refusal(usage, actor)  # again, under the lock: a concurrent stamping
        if error is not None:
            raise error
        usage.status = UsageStatus.STAMPED
        usage.stamped_by, usage.stamped_at, usage.stamped_count = actor, timezone.now(), count
        usage.save(
            update_fields=["status", "stamped_by", "stamped_at", "stamped_count", "updated_at"]
        )
        audit_record(
            action="seals.usage.stamp",
            actor=actor,
            obj=usage,
            details={"count": count, "approved_by_id": usage.approved_by_id},
        )
        flow_trail_note(
            actor=actor,
            subject_type=USAGE_TYPE,
            subject_id=usage.pk,
            verb="用印",
            text=f"{usage.seal.name}，实际用印 {count} 份（批准 {usage.copies} 份）",
            details={"count": count},
        )
    return usage


def _refused_step(request: SealingRequest, error: GovOAError) -> GovOAError:
    """A refused 用印 step: the act's transaction rolls back, so its audit is written after
    (``after_rollback``, run by the engine), like every refused stamping."""

    def audit() -> None:
        audit_record(
            action="seals.usage.stamp",
            actor=request.actor,
            outcome=Outcome.DENIED,
            agency_id=request.agency_id,
            object_type=request.document.subject_type,
            object_id=str(request.document.pk),
            object_repr=request.document.title[:100],
            details={
                "reason": error.message,
                "outgoing": request.document.pk,
                "document": request.document.title[:100],
            },
        )

    error.after_rollback.append(audit)
    return error


def outgoing_sealed(request: SealingRequest) -> SealApplied | None:
    """发文's 用印 step (registered in ``documents.sealing``): the approval is the 签发, the
    stamping is by the custodian of an active 公章 (or the seal named in the act's payload)
    and is entered in the 用印登记簿. An agency that has registered no seal yet keeps the
    old behaviour (the step is recorded on the 发文 only)."""
    seals = Seal.objects.filter(agency_id=request.agency_id)
    if not seals.exists():
        return None
    wanted = request.payload.get("seal_id")
    candidates = seals.filter(status=SealStatus.ACTIVE, custodian_id=request.actor.pk)
    if wanted is not None:
        candidates = candidates.filter(pk=wanted if isinstance(wanted, int) else 0)
    else:
        candidates = candidates.filter(seal_type=SealType.OFFICIAL)
    seal = candidates.order_by("pk").first()
    if seal is None:
        raise _refused_step(
            request,
            ValidationFailed("用印须由在用公章的保管人办理，您不是其保管人（或所选印章不在用）。"),
        )
    if request.approved_by is None:
        raise _refused_step(request, TransitionNotAllowed("发文尚未签发，不能用印。"))
    entered = SealUsage.objects.filter(
        seal=seal,
        document_type=request.document.subject_type,
        document_id=request.document.pk,
        by_outgoing_step=True,
    )
    applied = SealApplied(seal_id=seal.pk, seal_name=seal.name, impression_id=seal.impression_id)
    if entered.exists():  # the step redone after a 退回: the one approval has its one line
        return applied
    now = timezone.now()
    usage = SealUsage.objects.create(
        agency_id=request.agency_id,
        seal=seal,
        requester=request.actor,
        department_id=request.department_id,
        reason=f"发文用印：{request.document.title}"[:300],
        use_unit="按发文主送、抄送单位",
        copies=request.copies,
        document_type=request.document.subject_type,
        document_id=request.document.pk,
        document_title=request.document.title[:300],
        document_number=request.document.number,
        status=UsageStatus.STAMPED,
        approved_by=request.approved_by,
        approved_at=now,
        stamped_by=request.actor,
        stamped_at=now,
        stamped_count=request.copies,
        by_outgoing_step=True,
    )
    audit_record(
        action="seals.usage.stamp",
        actor=request.actor,
        obj=usage,
        details={"count": usage.stamped_count, "outgoing": request.document.pk},
    )
    return applied
