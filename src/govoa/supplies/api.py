"""``/api/v1/supply-items``, ``/api/v1/stock-movements``, ``/api/v1/supply-requisitions``.
Lists page by keyset: pass the ``next_after`` of one page as ``after`` to get the next
(no whole-history count). Reviews of plans go through ``/api/v1/work-items/{id}/act``."""

import datetime
from collections.abc import Callable
from typing import Any, BinaryIO, Literal, cast

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from govoa.core.api import BodyIn, ObjectId, ParamsIn, errors
from govoa.core.errors import ValidationFailed
from govoa.org.models import Person
from govoa.supplies import selectors
from govoa.supplies.api_stockroom import router as stockroom_router
from govoa.supplies.models import Requisition, StockMovement, SupplyItem
from govoa.supplies.services.catalogue import ItemData, supply_item_create, supply_items_import_xlsx
from govoa.supplies.services.requisitions import requisition_create, requisition_submit
from govoa.supplies.services.stock import stock_in, stock_issue
from govoa.supplies.workflow import MovementKind, PeriodKind, RequisitionStatus

router = Router(tags=["办公用品"])


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


class KeysetQuery(ParamsIn):
    after: ObjectId | None = None
    limit: int = Field(20, ge=1, le=100)


def _keyset(rows: QuerySet, query: KeysetQuery, present: Callable[[Any], Any]) -> dict[str, Any]:
    found = list(rows[: query.limit + 1])
    more = len(found) > query.limit
    found = found[: query.limit]
    return {
        "items": [present(row) for row in found],
        "next_after": found[-1].pk if more and found else None,
    }


class SupplyItemOut(Schema):
    id: int
    code: str
    name: str
    specification: str
    unit: str
    category: str
    safety_stock: int
    location: str
    active: bool
    balance: int
    low: bool


class SupplyItemPage(Schema):
    items: list[SupplyItemOut]
    next_after: int | None


class SupplyItemIn(BodyIn):
    code: str = Field(..., min_length=1, max_length=30)
    name: str = Field(..., min_length=1, max_length=100)
    specification: str = Field("", max_length=100)
    unit: str = Field(..., min_length=1, max_length=10)
    category: str = Field(..., min_length=1, max_length=30)
    safety_stock: int = Field(0, ge=0, le=1_000_000)
    location: str = Field("", max_length=60)


class SupplyItemQuery(KeysetQuery):
    q: str = Field("", max_length=50)
    category: str = Field("", max_length=30)


class ImportOut(Schema):
    created: int


def _item(item: SupplyItem) -> dict[str, Any]:
    balance = item.balance.quantity
    return {
        **{f: getattr(item, f) for f in ("id", "code", "name", "specification", "unit")},
        **{f: getattr(item, f) for f in ("category", "safety_stock", "location", "active")},
        "balance": balance,
        "low": item.active and item.safety_stock > 0 and balance <= item.safety_stock,
    }


@router.get(
    "/supply-items", response={200: SupplyItemPage, **errors(401, 403, 422)}, summary="物品目录"
)
def list_items(request: HttpRequest, query: Query[SupplyItemQuery]) -> dict[str, Any]:
    rows = selectors.supply_items_list(person=_me(request), query=query.q, category=query.category)
    rows = rows.order_by("pk")
    if query.after:
        rows = rows.filter(pk__gt=query.after)
    return _keyset(rows, query, _item)


@router.post(
    "/supply-items",
    response={201: SupplyItemOut, **errors(400, 401, 403, 422)},
    summary="新增物品（物品管理员）",
)
def create_item(request: HttpRequest, body: SupplyItemIn) -> Status[dict[str, Any]]:
    item = supply_item_create(actor=_me(request), data=ItemData(**body.model_dump()))
    return Status(201, _item(selectors.supply_item_get_for_person(person=_me(request), pk=item.pk)))


@router.post(
    "/supply-items/import",
    response={201: ImportOut, **errors(400, 401, 403, 413, 422)},
    summary="从 Excel 导入物品目录（逐行检查，有错则全部不导入）",
)
def import_items(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    items = supply_items_import_xlsx(actor=_me(request), upload=cast(BinaryIO, file))
    return Status(201, {"created": len(items)})


@router.get(
    "/supply-items/{supply_item_id}",
    response={200: SupplyItemOut, **errors(401, 403, 404, 422)},
    summary="物品及其结存",
)
def get_item(request: HttpRequest, supply_item_id: ObjectId) -> dict[str, Any]:
    return _item(selectors.supply_item_get_for_person(person=_me(request), pk=supply_item_id))


class MovementOut(Schema):
    id: int
    item_id: int
    item: str
    kind: str
    kind_label: str
    quantity: int
    balance_after: int
    department: str | None
    receiver: str | None
    requisition_line_id: int | None
    purchase_id: int | None
    stocktake_id: int | None
    note: str
    created_by: str
    created_at: datetime.datetime


class MovementPage(Schema):
    items: list[MovementOut]
    next_after: int | None


class MovementQuery(KeysetQuery):
    item: ObjectId | None = None
    kind: MovementKind | None = None
    department: ObjectId | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


class MovementIn(BodyIn):
    kind: Literal["stock_in", "issue"]
    item_id: ObjectId
    quantity: int = Field(..., ge=1, le=100_000)
    department_id: ObjectId | None = None
    receiver_id: ObjectId | None = None
    requisition_line_id: ObjectId | None = None
    note: str = Field("", max_length=200)


def _movement(m: StockMovement) -> dict[str, Any]:
    return {
        "id": m.pk,
        "item_id": m.item_id,
        "item": str(m.item),
        "kind": m.kind,
        "kind_label": m.get_kind_display(),
        "quantity": m.quantity,
        "balance_after": m.balance_after,
        "department": m.department.name if m.department else None,
        "receiver": m.receiver.real_name if m.receiver else None,
        "requisition_line_id": m.requisition_line_id,
        "purchase_id": m.purchase_id,
        "stocktake_id": m.stocktake_id,
        "note": m.note,
        "created_by": m.created_by.real_name,
        "created_at": m.created_at,
    }


@router.get(
    "/stock-movements",
    response={200: MovementPage, **errors(401, 403, 422)},
    summary="库存台账（不可修改的变动记录，新的在前）",
)
def list_movements(request: HttpRequest, query: Query[MovementQuery]) -> dict[str, Any]:
    filters = selectors.MovementFilters(
        item_id=query.item,
        kind=query.kind or "",
        department_id=query.department,
        date_from=query.date_from,
        date_to=query.date_to,
    )
    rows = selectors.movements_list(person=_me(request), filters=filters, after=query.after)
    return _keyset(rows, query, _movement)


@router.post(
    "/stock-movements",
    response={201: MovementOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="入库或领用（物品管理员；库存不足答 409，不做任何改动）",
)
def create_movement(request: HttpRequest, body: MovementIn) -> Status[dict[str, Any]]:
    person = _me(request)
    if body.kind == "stock_in":
        movement = stock_in(
            actor=person, item_id=body.item_id, quantity=body.quantity, note=body.note
        )
    else:
        missing = {
            name: ["领用须填写领用部门和领用人。"]
            for name in ("department_id", "receiver_id")
            if getattr(body, name) is None
        }
        if missing:
            raise ValidationFailed(fields=missing)
        assert body.department_id is not None
        assert body.receiver_id is not None
        movement = stock_issue(
            actor=person,
            item_id=body.item_id,
            quantity=body.quantity,
            department_id=body.department_id,
            receiver_id=body.receiver_id,
            requisition_line_id=body.requisition_line_id,
            note=body.note,
        )
    return Status(201, _movement(movement))


class RequisitionLineIn(BodyIn):
    item_id: ObjectId
    quantity: int = Field(..., ge=1, le=100_000)


class RequisitionIn(BodyIn):
    period_kind: PeriodKind = PeriodKind.MONTHLY
    period: str = Field(..., max_length=7)
    lines: list[RequisitionLineIn] = Field(..., min_length=1, max_length=100)
    note: str = Field("", max_length=300)


class RequisitionLineOut(Schema):
    id: int
    item_id: int
    item: str
    unit: str
    quantity: int
    issued: int


class RequisitionOut(Schema):
    id: int
    department: str
    requester: str
    period_kind: str
    period: str
    status: str
    status_label: str
    note: str
    approved_by: str | None
    purchase_id: int | None
    created_at: datetime.datetime


class RequisitionDetailOut(RequisitionOut):
    lines: list[RequisitionLineOut]


class RequisitionPage(Schema):
    items: list[RequisitionOut]
    next_after: int | None


class RequisitionQuery(KeysetQuery):
    status: RequisitionStatus | None = None


def _requisition(r: Requisition) -> dict[str, Any]:
    return {
        "id": r.pk,
        "department": r.department.name,
        "requester": r.requester.real_name,
        "period_kind": r.period_kind,
        "period": r.period,
        "status": r.status,
        "status_label": r.get_status_display(),
        "note": r.note,
        "approved_by": r.approved_by.real_name if r.approved_by else None,
        "purchase_id": r.purchase_id,
        "created_at": r.created_at,
    }


def _requisition_detail(r: Requisition) -> dict[str, Any]:
    lines = [
        {
            "id": line.pk,
            "item_id": line.item_id,
            "item": str(line.item),
            "unit": line.item.unit,
            "quantity": line.quantity,
            "issued": line.issued,
        }
        for line in selectors.requisition_lines(r)
    ]
    return {**_requisition(r), "lines": lines}


@router.get(
    "/supply-requisitions",
    response={200: RequisitionPage, **errors(401, 403, 422)},
    summary="申领计划（本人可见的，新的在前）",
)
def list_requisitions(request: HttpRequest, query: Query[RequisitionQuery]) -> dict[str, Any]:
    rows = selectors.requisitions_list(
        person=_me(request), status=query.status or "", after=query.after
    )
    return _keyset(rows, query, _requisition)


@router.post(
    "/supply-requisitions",
    response={201: RequisitionDetailOut, **errors(400, 401, 403, 422)},
    summary="新建本部门申领计划（草稿）",
)
def create_requisition(request: HttpRequest, body: RequisitionIn) -> Status[dict[str, Any]]:
    person = _me(request)
    plan = requisition_create(
        actor=person,
        period_kind=body.period_kind,
        period=body.period,
        lines=[(line.item_id, line.quantity) for line in body.lines],
        note=body.note,
    )
    plan = selectors.requisition_get_for_person(person=person, pk=plan.pk)
    return Status(201, _requisition_detail(plan))


@router.get(
    "/supply-requisitions/{requisition_id}",
    response={200: RequisitionDetailOut, **errors(401, 403, 404, 422)},
    summary="申领计划详情",
)
def get_requisition(request: HttpRequest, requisition_id: ObjectId) -> dict[str, Any]:
    plan = selectors.requisition_get_for_person(person=_me(request), pk=requisition_id)
    return _requisition_detail(plan)


@router.post(
    "/supply-requisitions/{requisition_id}/submit",
    response={200: RequisitionDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="送办公室审核（审核人不能是申领人）",
)
def submit_requisition(request: HttpRequest, requisition_id: ObjectId) -> dict[str, Any]:
    person = _me(request)
    requisition_submit(actor=person, requisition_id=requisition_id)
    return _requisition_detail(
        selectors.requisition_get_for_person(person=person, pk=requisition_id)
    )


router.add_router("", stockroom_router)
