"""``/api/v1/equipment``: the register of computers, printers and removable media, 配发/交接,
定期检查, 数据清除, 送修/报废 (approved through ``/api/v1/work-items/{id}/act``) and the
refused 出借. The same services as the screens; refusals are audited there."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from govoa.core.api import BodyIn, ObjectId, ParamsIn, errors
from govoa.core.vocabulary import Classification
from govoa.equipment import selectors
from govoa.equipment.models import Device
from govoa.equipment.services.care import (
    CheckData,
    data_wipe_record,
    device_check_record,
    device_return,
    disposal_request,
)
from govoa.equipment.services.register import (
    DeviceData,
    device_assign,
    device_lend,
    device_register,
)
from govoa.equipment.workflow import DeviceKind, DisposalKind, WipeMethod
from govoa.org.models import Person

router = Router(tags=["设备与存储介质"])


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


class DeviceOut(Schema):
    id: int
    kind: str
    kind_label: str
    asset_number: str
    model_name: str
    serial_number: str
    is_classified: bool
    classification: int
    classification_label: str
    holder_id: int
    holder: str
    status: str
    status_label: str
    check_due_on: datetime.date


class DevicePage(Schema):
    items: list[DeviceOut]
    next_after: int | None


def device_out(d: Device) -> dict[str, Any]:
    return {
        "id": d.pk,
        "kind": d.kind,
        "kind_label": d.get_kind_display(),
        "asset_number": d.asset_number,
        "model_name": d.model_name,
        "serial_number": d.serial_number,
        "is_classified": d.is_classified,
        "classification": d.classification,
        "classification_label": d.get_classification_display(),
        "holder_id": d.holder_id,
        "holder": d.holder.real_name,
        "status": d.status,
        "status_label": d.get_status_display(),
        "check_due_on": d.check_due_on,
    }


class DeviceQuery(ParamsIn):
    kind: DeviceKind | None = None
    overdue: bool = False
    after: ObjectId | None = None
    limit: int = Field(20, ge=1, le=100)


@router.get(
    "/equipment",
    response={200: DevicePage, **errors(401, 403, 422)},
    summary="设备与存储介质台账（overdue=true：定期检查已逾期）",
)
def list_devices(request: HttpRequest, query: Query[DeviceQuery]) -> dict[str, Any]:
    rows = selectors.device_list(
        person=_me(request),
        kind=query.kind or "",
        overdue_on=timezone.localdate() if query.overdue else None,
        after=query.after,
    )
    found = list(rows[: query.limit + 1])
    more = len(found) > query.limit
    found = found[: query.limit]
    return {
        "items": [device_out(d) for d in found],
        "next_after": found[-1].pk if more and found else None,
    }


class DeviceIn(BodyIn):
    kind: DeviceKind
    asset_number: str = Field(..., min_length=1, max_length=40)
    model_name: str = Field(..., min_length=1, max_length=100)
    serial_number: str = Field("", max_length=100)
    is_classified: bool
    classification: Classification
    holder_id: ObjectId
    note: str = Field("", max_length=300)


@router.post(
    "/equipment",
    response={201: DeviceOut, **errors(400, 401, 403, 422)},
    summary="登记设备或存储介质（专人专用：使用人的涉密等级须不低于设备密级）",
)
def register_device(request: HttpRequest, body: DeviceIn) -> Status[dict[str, Any]]:
    person = _me(request)
    device = device_register(actor=person, data=DeviceData(**body.model_dump()))
    return Status(201, device_out(selectors.device_get_for_person(person=person, pk=device.pk)))


@router.get(
    "/equipment/{device_id}",
    response={200: DeviceOut, **errors(401, 403, 404, 422)},
    summary="设备",
)
def get_device(request: HttpRequest, device_id: ObjectId) -> dict[str, Any]:
    return device_out(selectors.device_get_for_person(person=_me(request), pk=device_id))


class EquipmentAssignIn(BodyIn):
    holder_id: ObjectId
    note: str = Field("", max_length=300)


@router.post(
    "/equipment/{device_id}/assign",
    response={200: DeviceOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="交接给新的使用人（须具备相应涉密等级）",
)
def assign_device(
    request: HttpRequest, device_id: ObjectId, body: EquipmentAssignIn
) -> dict[str, Any]:
    person = _me(request)
    selectors.device_get_for_person(person=person, pk=device_id)  # outsiders: 404
    device_assign(actor=person, device_id=device_id, holder_id=body.holder_id, note=body.note)
    return device_out(selectors.device_get_for_person(person=person, pk=device_id))


class EquipmentLendIn(BodyIn):
    borrower_id: ObjectId


@router.post(
    "/equipment/{device_id}/lend",
    response=errors(400, 401, 403, 404, 409, 422),
    summary="出借（专人专用，一律拒绝并记审计）",
)
def lend_device(request: HttpRequest, device_id: ObjectId, body: EquipmentLendIn) -> None:
    person = _me(request)
    device = selectors.device_get_for_person(person=person, pk=device_id)
    device_lend(actor=person, device=device, borrower_id=body.borrower_id)


class EquipmentCheckIn(BodyIn):
    checked_on: datetime.date
    virus_scanned: bool
    password_set: bool
    antivirus_updated: bool
    note: str = Field("", max_length=300)


class EquipmentCheckOut(Schema):
    id: int
    device_id: int
    checked_by: str
    checked_on: datetime.date
    virus_scanned: bool
    password_set: bool
    antivirus_updated: bool
    passed: bool
    note: str


@router.post(
    "/equipment/{device_id}/checks",
    response={201: EquipmentCheckOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="登记定期检查（病毒查杀、口令、防病毒软件升级）",
)
def record_check(request: HttpRequest, device_id: ObjectId, body: EquipmentCheckIn) -> Status[dict]:
    person = _me(request)
    selectors.device_get_for_person(person=person, pk=device_id)
    check = device_check_record(
        actor=person, device_id=device_id, data=CheckData(**body.model_dump())
    )
    return Status(
        201,
        {
            "id": check.pk,
            "device_id": device_id,
            "checked_by": person.real_name,
            "checked_on": check.checked_on,
            "virus_scanned": check.virus_scanned,
            "password_set": check.password_set,
            "antivirus_updated": check.antivirus_updated,
            "passed": check.passed,
            "note": check.note,
        },
    )


class EquipmentWipeIn(BodyIn):
    method: WipeMethod
    wiped_on: datetime.date
    witness_id: ObjectId
    note: str = Field("", max_length=300)


class EquipmentWipeOut(Schema):
    id: int
    device_id: int
    method: str
    wiped_on: datetime.date
    wiped_by: str
    witness_id: int


@router.post(
    "/equipment/{device_id}/wipes",
    response={201: EquipmentWipeOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="登记数据清除（送修、报废前必须）",
)
def record_wipe(request: HttpRequest, device_id: ObjectId, body: EquipmentWipeIn) -> Status[dict]:
    person = _me(request)
    selectors.device_get_for_person(person=person, pk=device_id)
    wipe = data_wipe_record(actor=person, device_id=device_id, **body.model_dump())
    return Status(
        201,
        {
            "id": wipe.pk,
            "device_id": device_id,
            "method": wipe.method,
            "wiped_on": wipe.wiped_on,
            "wiped_by": person.real_name,
            "witness_id": wipe.witness_id,
        },
    )


class EquipmentDisposalIn(BodyIn):
    kind: DisposalKind
    reason: str = Field(..., min_length=1, max_length=300)


class EquipmentDisposalOut(Schema):
    id: int
    device_id: int
    kind: str
    status: str
    wipe_id: int


@router.post(
    "/equipment/{device_id}/disposals",
    response={201: EquipmentDisposalOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="申请送修或报废（须已登记数据清除；送主要领导审批）",
)
def request_disposal(
    request: HttpRequest, device_id: ObjectId, body: EquipmentDisposalIn
) -> Status[dict]:
    person = _me(request)
    selectors.device_get_for_person(person=person, pk=device_id)
    found = disposal_request(actor=person, device_id=device_id, **body.model_dump())
    return Status(
        201,
        {
            "id": found.pk,
            "device_id": device_id,
            "kind": found.kind,
            "status": found.status,
            "wipe_id": found.wipe_id,
        },
    )


@router.post(
    "/equipment/{device_id}/return",
    response={200: DeviceOut, **errors(401, 403, 404, 409, 422)},
    summary="送修返回，恢复在用",
)
def return_device(request: HttpRequest, device_id: ObjectId) -> dict[str, Any]:
    person = _me(request)
    selectors.device_get_for_person(person=person, pk=device_id)
    device_return(actor=person, device_id=device_id)
    return device_out(selectors.device_get_for_person(person=person, pk=device_id))
