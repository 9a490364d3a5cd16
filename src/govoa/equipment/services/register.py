"""The register: 登记 a device with its one user (专人专用), 交接 to another user, and the
refusal of any loan. A device goes only to a person cleared for the 密级 it may hold."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from govoa.audit.models import Outcome
from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.core.vocabulary import Classification
from govoa.equipment.models import Device, DeviceAssignment
from govoa.equipment.policies import can_manage_equipment, cleared_for
from govoa.equipment.workflow import CHECK_INTERVAL, DeviceKind, DeviceStatus
from govoa.org.models import Person
from govoa.org.selectors import business_people


@dataclass(frozen=True)
class DeviceData:
    kind: str
    asset_number: str
    model_name: str
    is_classified: bool
    classification: int
    holder_id: int
    serial_number: str = ""
    note: str = ""


def refuse_unless_manager(actor: Person, action: str) -> None:
    if not can_manage_equipment(actor):
        raise audit_denied(action=action, actor=actor, reason="只有办公室主任可以管理设备台账。")


def _marking_problems(data: DeviceData) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if data.kind not in DeviceKind.values:
        problems["kind"] = ["设备类别无效。"]
    if not data.asset_number.strip() or len(data.asset_number) > 40:
        problems["asset_number"] = ["请填写资产编号（不超过 40 字）。"]
    if not data.model_name.strip() or len(data.model_name) > 100:
        problems["model_name"] = ["请填写品牌型号（不超过 100 字）。"]
    if data.classification not in Classification.values:
        problems["classification"] = ["密级无效。"]
    elif data.is_classified and data.classification < Classification.SECRET:
        problems["classification"] = ["涉密设备须标明可存储的密级（秘密、机密或绝密）。"]
    elif not data.is_classified and data.classification > Classification.INTERNAL:
        problems["classification"] = ["非涉密设备不得存储涉密信息，密级只能是非密或内部。"]
    return problems


def cleared_holder(actor: Person, holder_id: int, classification: int) -> Person:
    """The device's user: one of the agency's business people, cleared for its 密级."""
    person = business_people(agency_id=actor.agency_id).filter(pk=holder_id).first()
    if person is None:
        raise ValidationFailed(fields={"holder_id": ["使用人不存在、不在职或不能办理业务。"]})
    if not cleared_for(person, classification):
        level = Classification(classification).label
        own = Classification(person.clearance).label
        raise ValidationFailed(
            fields={
                "holder_id": [
                    f"{person.real_name}的涉密等级为“{own}”，低于该设备的密级“{level}”，"
                    "不能配发给其使用。"
                ]
            }
        )
    return person


def device_register(*, actor: Person, data: DeviceData) -> Device:
    refuse_unless_manager(actor, "equipment.device.register")
    problems = _marking_problems(data)
    if problems:
        raise ValidationFailed(fields=problems)
    holder = cleared_holder(actor, data.holder_id, data.classification)
    number = data.asset_number.strip()
    with transaction.atomic():
        if Device.objects.filter(agency_id=actor.agency_id, asset_number=number).exists():
            raise ValidationFailed(fields={"asset_number": [f"资产编号“{number}”已登记。"]})
        now = timezone.now()
        device = Device.objects.create(
            agency_id=actor.agency_id,
            kind=data.kind,
            asset_number=number,
            model_name=data.model_name.strip(),
            serial_number=data.serial_number.strip()[:100],
            is_classified=data.is_classified,
            classification=data.classification,
            holder=holder,
            check_due_on=timezone.localdate() + CHECK_INTERVAL,
            note=data.note.strip()[:300],
        )
        DeviceAssignment.objects.create(
            device=device, to_holder=holder, recorded_by=actor, assigned_at=now, note="登记配发"
        )
        audit_record(
            action="equipment.device.register",
            actor=actor,
            obj=device,
            details={
                "kind": device.kind,
                "classified": device.is_classified,
                "classification": device.classification,
                "holder_id": holder.pk,
            },
        )
    return device


def locked_device(actor: Person, device_id: int) -> Device:
    device = (
        Device.objects.select_for_update().filter(pk=device_id, agency_id=actor.agency_id).first()
    )
    if device is None:
        raise NotFound()
    return device


def device_assign(*, actor: Person, device_id: int, holder_id: int, note: str = "") -> Device:
    """交接 to a new user (the only way a device changes hands), recorded; idempotent."""
    refuse_unless_manager(actor, "equipment.device.assign")
    with transaction.atomic():
        device = locked_device(actor, device_id)
        if device.status == DeviceStatus.SCRAPPED:
            raise TransitionNotAllowed("设备已报废，不能配发。")
        holder = cleared_holder(actor, holder_id, device.classification)
        if device.holder_id == holder.pk:
            return device
        DeviceAssignment.objects.create(
            device=device,
            from_holder_id=device.holder_id,
            to_holder=holder,
            recorded_by=actor,
            assigned_at=timezone.now(),
            note=note.strip()[:300],
        )
        previous = device.holder_id
        device.holder = holder
        device.save(update_fields=["holder", "updated_at"])
        audit_record(
            action="equipment.device.assign",
            actor=actor,
            obj=device,
            details={"from": previous, "to": holder.pk},
        )
    return device


def device_lend(*, actor: Person, device: Device, borrower_id: int) -> None:
    """出借 (the device the actor may see): always refused (专人专用), the attempt audited."""
    reason = "设备和存储介质专人专用，不得外借；确需更换使用人，由办公室登记交接。"
    audit_record(
        action="equipment.device.lend",
        actor=actor,
        obj=device,
        outcome=Outcome.DENIED,
        details={"reason": reason, "borrower_id": borrower_id},
    )
    raise TransitionNotAllowed(reason)
