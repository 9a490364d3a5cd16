"""The office head's keeping of the registry over ``/api/v1/seals``: 登记 a seal (with its
impression image, multipart), 交接 (custody transfers) and 停用/封存/销毁/恢复启用 (sent to
the principal leader, approved through ``/api/v1/work-items/{id}/act``). The same services
as the screens; refusals are audited there."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from govoa.core.api import BodyIn, ObjectId, ParamsIn, errors
from govoa.org.models import Person
from govoa.seals import selectors
from govoa.seals.models import Seal, SealStatusChange, SealTransfer
from govoa.seals.services.changes import seal_change_request
from govoa.seals.services.registry import SealData, seal_register, seal_transfer
from govoa.seals.workflow import ChangeKind, SealType

router = Router(tags=["印章管理"])


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


class SealOut(Schema):
    id: int
    name: str
    seal_type: str
    seal_type_label: str
    department: str | None
    custodian: str
    status: str
    status_label: str
    made_on: datetime.date
    made_approval: str
    has_impression: bool


def seal_out(seal: Seal) -> dict[str, Any]:
    return {
        "id": seal.pk,
        "name": seal.name,
        "seal_type": seal.seal_type,
        "seal_type_label": seal.get_seal_type_display(),
        "department": seal.department.name if seal.department else None,
        "custodian": seal.custodian.real_name,
        "status": seal.status,
        "status_label": seal.get_status_display(),
        "made_on": seal.made_on,
        "made_approval": seal.made_approval,
        "has_impression": seal.impression_id is not None,
    }


@router.get("/seals", response={200: list[SealOut], **errors(401, 403, 422)}, summary="印章登记")
def list_seals(request: HttpRequest) -> list[dict[str, Any]]:
    return [seal_out(s) for s in selectors.seal_list(person=_me(request))[:500]]


@router.get(
    "/seals/{seal_id}", response={200: SealOut, **errors(401, 403, 404, 422)}, summary="印章"
)
def getseal_out(request: HttpRequest, seal_id: ObjectId) -> dict[str, Any]:
    return seal_out(selectors.seal_get_for_person(person=_me(request), pk=seal_id))


class SealRegisterForm(ParamsIn):
    name: str = Field(..., min_length=1, max_length=100)
    seal_type: SealType
    custodian_id: ObjectId
    made_on: datetime.date
    made_approval: str = Field(..., min_length=1, max_length=200)
    department_id: ObjectId | None = None
    note: str = Field("", max_length=300)


@router.post(
    "/seals",
    response={201: SealOut, **errors(400, 401, 403, 404, 413, 415, 422)},
    summary="登记印章（办公室主任；印模图片 PNG 或 JPEG，可不传）",
)
def register_seal(
    request: HttpRequest,
    form: Form[SealRegisterForm],
    impression: UploadedFile | None = File(None),  # noqa: B008 — how ninja declares an optional file
) -> Status[dict[str, Any]]:
    person = _me(request)
    seal = seal_register(
        actor=person,
        data=SealData(**form.model_dump()),
        impression=(impression.name or "", impression) if impression is not None else None,
    )
    return Status(201, seal_out(selectors.seal_get_for_person(person=person, pk=seal.pk)))


class TransferIn(BodyIn):
    to_custodian_id: ObjectId
    note: str = Field("", max_length=300)


class TransferOut(Schema):
    id: int
    from_custodian: str
    to_custodian: str
    recorded_by: str
    transferred_at: datetime.datetime
    note: str


def _transfer(t: SealTransfer) -> dict[str, Any]:
    return {
        "id": t.pk,
        "from_custodian": t.from_custodian.real_name,
        "to_custodian": t.to_custodian.real_name,
        "recorded_by": t.recorded_by.real_name,
        "transferred_at": t.transferred_at,
        "note": t.note,
    }


@router.get(
    "/seals/{seal_id}/transfers",
    response={200: list[TransferOut], **errors(401, 403, 404, 422)},
    summary="交接记录（最近 50 次，新的在前）",
)
def list_transfers(request: HttpRequest, seal_id: ObjectId) -> list[dict[str, Any]]:
    seal = selectors.seal_get_for_person(person=_me(request), pk=seal_id)
    return [_transfer(t) for t in selectors.seal_transfers(seal)]


@router.post(
    "/seals/{seal_id}/transfers",
    response={201: TransferOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="登记交接：印章交给新的保管人（办公室主任）",
)
def transfer_seal(request: HttpRequest, seal_id: ObjectId, body: TransferIn) -> Status[Any]:
    person = _me(request)
    seal = selectors.seal_get_for_person(person=person, pk=seal_id)  # outsiders: 404
    seal_transfer(
        actor=person, seal_id=seal.pk, to_custodian_id=body.to_custodian_id, note=body.note
    )
    return Status(201, _transfer(selectors.seal_transfers(seal)[0]))


class ChangeIn(BodyIn):
    kind: ChangeKind
    reason: str = Field(..., min_length=1, max_length=300)


class ChangeOut(Schema):
    id: int
    seal_id: int
    kind: str
    kind_label: str
    reason: str
    status: str
    status_label: str
    requester: str
    approved_by: str | None
    created_at: datetime.datetime


def _change(c: SealStatusChange) -> dict[str, Any]:
    return {
        "id": c.pk,
        "seal_id": c.seal_id,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "reason": c.reason,
        "status": c.status,
        "status_label": c.get_status_display(),
        "requester": c.requester.real_name,
        "approved_by": c.approved_by.real_name if c.approved_by else None,
        "created_at": c.created_at,
    }


@router.get(
    "/seals/{seal_id}/status-changes",
    response={200: list[ChangeOut], **errors(401, 403, 404, 422)},
    summary="停用、封存、销毁、恢复启用的申请与审批（最近 50 次）",
)
def list_changes(request: HttpRequest, seal_id: ObjectId) -> list[dict[str, Any]]:
    seal = selectors.seal_get_for_person(person=_me(request), pk=seal_id)
    return [_change(c) for c in selectors.seal_changes(seal)]


@router.post(
    "/seals/{seal_id}/status-changes",
    response={201: ChangeOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="申请停用、封存、销毁或恢复启用（办公室主任申请，主要领导审批）",
)
def request_change(request: HttpRequest, seal_id: ObjectId, body: ChangeIn) -> Status[Any]:
    person = _me(request)
    seal = selectors.seal_get_for_person(person=person, pk=seal_id)  # outsiders: 404
    change = seal_change_request(actor=person, seal_id=seal.pk, kind=body.kind, reason=body.reason)
    return Status(201, _change(next(c for c in selectors.seal_changes(seal) if c.pk == change.pk)))
