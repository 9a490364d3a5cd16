"""定期检查 and 数据清除 records, 送修/报废 requests (approved on the engine by the
principal leader, never the applicant) and the return from repair. A request rests on a
recorded data wipe of the device: without one it is refused and nothing changes."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.equipment.models import DataWipe, Device, DeviceCheck, DisposalRequest
from govoa.equipment.services.register import locked_device, refuse_unless_manager
from govoa.equipment.workflow import (
    CHECK_INTERVAL,
    DISPOSAL_FROM,
    DISPOSAL_TARGET,
    DISPOSAL_TEMPLATE,
    DeviceStatus,
    DisposalKind,
    DisposalStatus,
    WipeMethod,
)
from govoa.flow.services.acts import flow_start
from govoa.org.models import Person
from govoa.org.selectors import business_people


@dataclass(frozen=True)
class CheckData:
    checked_on: datetime.date
    virus_scanned: bool
    password_set: bool
    antivirus_updated: bool
    note: str = ""


def _not_in_future(day: datetime.date, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationFailed(fields={field: [f"{label}不能晚于今天。"]})


def device_check_record(*, actor: Person, device_id: int, data: CheckData) -> DeviceCheck:
    """定期检查 (the checker is the actor); the next check falls due a quarter later."""
    refuse_unless_manager(actor, "equipment.check.record")
    _not_in_future(data.checked_on, "checked_on", "检查日期")
    with transaction.atomic():
        device = locked_device(actor, device_id)
        if device.status == DeviceStatus.SCRAPPED:
            raise TransitionNotAllowed("设备已报废，无需检查。")
        check = DeviceCheck.objects.create(
            device=device,
            checked_by=actor,
            checked_on=data.checked_on,
            virus_scanned=data.virus_scanned,
            password_set=data.password_set,
            antivirus_updated=data.antivirus_updated,
            note=data.note.strip()[:300],
        )
        due = data.checked_on + CHECK_INTERVAL
        if due > device.check_due_on or check.passed:
            device.check_due_on = due
            device.save(update_fields=["check_due_on", "updated_at"])
        audit_record(
            action="equipment.check.record",
            actor=actor,
            obj=device,
            details={"check_id": check.pk, "passed": check.passed},
        )
    return check


def data_wipe_record(
    *,
    actor: Person,
    device_id: int,
    method: str,
    wiped_on: datetime.date,
    witness_id: int,
    note: str = "",
) -> DataWipe:
    """数据清除, done by the actor under a witness (监督人, someone else)."""
    refuse_unless_manager(actor, "equipment.wipe.record")
    if method not in WipeMethod.values:
        raise ValidationFailed(fields={"method": ["清除方式无效。"]})
    _not_in_future(wiped_on, "wiped_on", "清除日期")
    witness = business_people(agency_id=actor.agency_id).filter(pk=witness_id).first()
    if witness is None or witness.pk == actor.pk:
        raise ValidationFailed(fields={"witness_id": ["请选择清除人以外的本机关人员作监督人。"]})
    with transaction.atomic():
        device = locked_device(actor, device_id)
        if device.status == DeviceStatus.SCRAPPED:
            raise TransitionNotAllowed("设备已报废。")
        wipe = DataWipe.objects.create(
            device=device,
            method=method,
            wiped_by=actor,
            witness=witness,
            wiped_on=wiped_on,
            note=note.strip()[:300],
        )
        audit_record(
            action="equipment.wipe.record",
            actor=actor,
            obj=device,
            details={"wipe_id": wipe.pk, "method": method, "witness_id": witness.pk},
        )
    return wipe


def disposal_request(*, actor: Person, device_id: int, kind: str, reason: str) -> DisposalRequest:
    """送修/报废 on the device's latest data wipe not yet used by a request."""
    refuse_unless_manager(actor, "equipment.disposal.request")
    if kind not in DisposalKind.values:
        raise ValidationFailed(fields={"kind": ["事项无效。"]})
    if not reason.strip() or len(reason) > 300:
        raise ValidationFailed(fields={"reason": ["请填写理由（不超过 300 字）。"]})
    wanted = DisposalKind(kind)
    with transaction.atomic():
        device = locked_device(actor, device_id)
        if device.status not in DISPOSAL_FROM[wanted]:
            raise TransitionNotAllowed(
                f"设备现为{device.get_status_display()}，不能申请{wanted.label}。"
            )
        if device.disposals.filter(status=DisposalStatus.REVIEWING).exists():
            raise TransitionNotAllowed("该设备已有审批中的送修或报废申请。")
        wipe = device.wipes.filter(disposal__isnull=True).order_by("-pk").first()
        if wipe is None:
            raise TransitionNotAllowed(
                f"{wanted.label}前须先登记数据清除记录（清除方式、清除人、监督人）。"
            )
        request = DisposalRequest.objects.create(
            agency_id=actor.agency_id,
            device=device,
            kind=kind,
            reason=reason.strip(),
            wipe=wipe,
            requester=actor,
        )
        flow_start(actor=actor, code=DISPOSAL_TEMPLATE, subject=request)
        audit_record(
            action="equipment.disposal.request",
            actor=actor,
            obj=request,
            details={"kind": kind, "device_id": device.pk, "wipe_id": wipe.pk},
        )
    return request


def disposal_apply(request: DisposalRequest) -> None:
    """On approval (inside the approving act): the device is sent for repair or scrapped."""
    device = Device.objects.select_for_update().get(pk=request.device_id)
    kind = DisposalKind(request.kind)
    if device.status not in DISPOSAL_FROM[kind]:
        raise TransitionNotAllowed(f"设备现为{device.get_status_display()}，不能{kind.label}。")
    device.status = DISPOSAL_TARGET[kind]
    device.save(update_fields=["status", "updated_at"])
    audit_record(
        action=f"equipment.device.{kind}",
        actor=request.approved_by,
        obj=device,
        details={"request_id": request.pk, "status": device.status},
    )


def device_return(*, actor: Person, device_id: int) -> Device:
    """送修返回: back in use with its holder; idempotent."""
    refuse_unless_manager(actor, "equipment.device.return")
    with transaction.atomic():
        device = locked_device(actor, device_id)
        if device.status == DeviceStatus.IN_USE:
            return device
        if device.status != DeviceStatus.REPAIRING:
            raise TransitionNotAllowed(f"设备现为{device.get_status_display()}，不能登记返回。")
        device.status = DeviceStatus.IN_USE
        device.save(update_fields=["status", "updated_at"])
        audit_record(action="equipment.device.return", actor=actor, obj=device)
    return device
