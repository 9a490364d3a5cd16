"""The seal registry: registering a seal (with its 刻制 approval and impression image) and
recording custody transfers (交接)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.documents.files import check_upload, store_upload
from govoa.org.models import Department, Person
from govoa.org.selectors import business_people
from govoa.seals.models import Seal, SealTransfer
from govoa.seals.policies import can_manage_seals
from govoa.seals.workflow import SealStatus, SealType

IMAGE_KINDS = {"png", "jpeg"}


@dataclass(frozen=True)
class SealData:
    name: str
    seal_type: str
    custodian_id: int
    made_on: datetime.date
    made_approval: str
    department_id: int | None = None
    note: str = ""


def _refuse_unless_manager(actor: Person, action: str) -> None:
    if not can_manage_seals(actor):
        raise audit_denied(action=action, actor=actor, reason="只有办公室主任可以管理印章。")


def _custodian(actor: Person, person_id: int) -> Person:
    """One of the agency's business people (in post, never one of the 三员): ``org``'s rule."""
    person = business_people(agency_id=actor.agency_id).filter(pk=person_id).first()
    if person is None:
        raise ValidationFailed(fields={"custodian_id": ["保管人不存在、不在职或不能办理业务。"]})
    return person


def _checked(actor: Person, data: SealData) -> dict[str, Any]:
    problems: dict[str, list[str]] = {}
    if not data.name.strip() or len(data.name) > 100:
        problems["name"] = ["请填写印章名称（不超过 100 字）。"]
    if data.seal_type not in SealType.values:
        problems["seal_type"] = ["印章类型无效。"]
    if not data.made_approval.strip() or len(data.made_approval) > 200:
        problems["made_approval"] = ["请填写刻制批准文号或批准人（不超过 200 字）。"]
    if data.made_on > timezone.localdate():
        problems["made_on"] = ["刻制日期不能晚于今天。"]
    department = None
    if data.department_id is not None:
        department = Department.objects.filter(
            pk=data.department_id, agency_id=actor.agency_id
        ).first()
        if department is None:
            problems["department_id"] = ["部门不存在。"]
    if data.seal_type == SealType.DEPARTMENT and data.department_id is None:
        problems["department_id"] = ["部门章须填写所属部门。"]
    if problems:
        raise ValidationFailed(fields=problems)
    return {"department": department, "custodian": _custodian(actor, data.custodian_id)}


def seal_register(
    *, actor: Person, data: SealData, impression: tuple[str, Any] | None = None
) -> Seal:
    """登记 a seal; the impression image goes through the checked upload path."""
    _refuse_unless_manager(actor, "seals.seal.register")
    related = _checked(actor, data)
    checked = check_upload(impression[0], impression[1]) if impression else None
    if checked is not None and checked.kind.code not in IMAGE_KINDS:
        raise ValidationFailed(fields={"impression": ["印模请上传 PNG 或 JPEG 图片。"]})
    with transaction.atomic():
        stored = (
            store_upload(
                agency_id=actor.agency_id,
                uploaded_by=actor,
                checked=checked,
                stream=impression[1],
            )
            if checked is not None and impression is not None
            else None
        )
        seal = Seal.objects.create(
            agency_id=actor.agency_id,
            name=data.name.strip(),
            seal_type=data.seal_type,
            made_on=data.made_on,
            made_approval=data.made_approval.strip(),
            note=data.note.strip()[:300],
            impression=stored,
            **related,
        )
        audit_record(
            action="seals.seal.register",
            actor=actor,
            obj=seal,
            details={"type": seal.seal_type, "custodian_id": seal.custodian_id},
        )
    return seal


def seal_transfer(*, actor: Person, seal_id: int, to_custodian_id: int, note: str = "") -> Seal:
    """交接: recorded with both custodians; a destroyed seal has no custodian to change."""
    _refuse_unless_manager(actor, "seals.seal.transfer")
    receiver = _custodian(actor, to_custodian_id)
    with transaction.atomic():
        seal = (
            Seal.objects.select_for_update().filter(pk=seal_id, agency_id=actor.agency_id).first()
        )
        if seal is None:
            raise NotFound()
        if seal.status == SealStatus.DESTROYED:
            raise TransitionNotAllowed("印章已销毁，不能交接。")
        if seal.custodian_id == receiver.pk:
            raise ValidationFailed(fields={"custodian_id": ["接收人就是现在的保管人。"]})
        transfer = SealTransfer.objects.create(
            seal=seal,
            from_custodian_id=seal.custodian_id,
            to_custodian=receiver,
            recorded_by=actor,
            transferred_at=timezone.now(),
            note=note.strip()[:300],
        )
        seal.custodian = receiver
        seal.save(update_fields=["custodian", "updated_at"])
        audit_record(
            action="seals.seal.transfer",
            actor=actor,
            obj=seal,
            details={"from": transfer.from_custodian_id, "to": receiver.pk},
        )
    return seal
