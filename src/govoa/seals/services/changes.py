"""停用/封存/销毁/恢复启用 of a seal: asked by the office head, approved on the engine
(``seal_status_change``: the principal leader, never the applicant), applied on approval."""

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.flow.services.acts import flow_start
from govoa.org.models import Person
from govoa.seals.models import Seal, SealStatusChange
from govoa.seals.policies import can_manage_seals
from govoa.seals.workflow import CHANGE_FROM, CHANGE_TARGET, ChangeKind, ChangeStatus


def seal_change_request(*, actor: Person, seal_id: int, kind: str, reason: str) -> SealStatusChange:
    if not can_manage_seals(actor):
        raise audit_denied(
            action="seals.change.request", actor=actor, reason="只有办公室主任可以申请。"
        )
    if kind not in ChangeKind.values:
        raise ValidationFailed(fields={"kind": ["事项无效。"]})
    if not reason.strip() or len(reason) > 300:
        raise ValidationFailed(fields={"reason": ["请填写理由（不超过 300 字）。"]})
    with transaction.atomic():
        seal = (
            Seal.objects.select_for_update().filter(pk=seal_id, agency_id=actor.agency_id).first()
        )
        if seal is None:
            raise NotFound()
        change_kind = ChangeKind(kind)
        if seal.status not in CHANGE_FROM[change_kind]:
            raise TransitionNotAllowed(
                f"“{seal.name}”现为{seal.get_status_display()}，不能申请{change_kind.label}。"
            )
        if seal.changes.filter(status=ChangeStatus.REVIEWING).exists():
            raise TransitionNotAllowed(f"“{seal.name}”已有审批中的状态变更申请。")
        change = SealStatusChange.objects.create(
            agency_id=actor.agency_id, seal=seal, kind=kind, reason=reason.strip(), requester=actor
        )
        flow_start(actor=actor, code="seal_status_change", subject=change)
        audit_record(action="seals.change.request", actor=actor, obj=change, details={"kind": kind})
    return change


def seal_change_apply(change: SealStatusChange) -> None:
    """On approval (inside the approving act): the seal takes its new status, if it still
    may (a seal destroyed meanwhile refuses the approval)."""
    seal = Seal.objects.select_for_update().get(pk=change.seal_id)
    kind = ChangeKind(change.kind)
    if seal.status not in CHANGE_FROM[kind]:
        raise TransitionNotAllowed(
            f"“{seal.name}”现为{seal.get_status_display()}，不能{kind.label}。"
        )
    seal.status = CHANGE_TARGET[kind]
    seal.save(update_fields=["status", "updated_at"])
    audit_record(
        action=f"seals.seal.{kind}",
        actor=change.approved_by,
        obj=seal,
        details={"change_id": change.pk, "status": seal.status},
    )
