"""``/api/v1/supply-purchases`` (汇总采购, 验收入库) and ``/api/v1/supply-stocktakes`` (盘点:
count, send for approval). The keeper's work, through the same services as the screens;
the approval of a stocktake goes through ``/api/v1/work-items/{id}/act``. Lists page by
keyset (``next_after`` → ``after``)."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from govoa.core.api import BodyIn, ObjectId, ParamsIn, errors
from govoa.org.models import Person
from govoa.supplies import selectors
from govoa.supplies.models import Purchase, Stocktake
from govoa.supplies.services.purchases import purchase_create, purchase_receive
from govoa.supplies.services.stocktakes import (
    stocktake_count,
    stocktake_create,
    stocktake_submit,
)

router = Router(tags=["办公用品"])
MAX_PRICE = Decimal("99999999.99")


def _me(request: HttpRequest) -> Person:
    return request.auth  # type: ignore[attr-defined]


class PageQuery(ParamsIn):
    after: ObjectId | None = None
    limit: int = Field(20, ge=1, le=100)


def _page(rows: Any, query: PageQuery, present: Any) -> dict[str, Any]:
    if query.after:
        rows = rows.filter(pk__lt=query.after)
    found = list(rows[: query.limit + 1])
    more = len(found) > query.limit
    found = found[: query.limit]
    return {
        "items": [present(row) for row in found],
        "next_after": found[-1].pk if more and found else None,
    }


class PurchaseLineIn(BodyIn):
    item_id: ObjectId
    quantity: int = Field(..., ge=1, le=100_000)
    unit_price: Decimal = Field(..., ge=0, le=MAX_PRICE, max_digits=10, decimal_places=2)


class PurchaseIn(BodyIn):
    supplier: str = Field(..., min_length=1, max_length=100)
    ordered_on: datetime.date
    lines: list[PurchaseLineIn] = Field(..., min_length=1, max_length=100)
    requisition_ids: list[ObjectId] = Field(default_factory=list, max_length=100)
    note: str = Field("", max_length=300)


class PurchaseLineOut(Schema):
    item_id: int
    item: str
    unit: str
    quantity: int
    unit_price: str


class PurchaseOut(Schema):
    id: int
    supplier: str
    ordered_on: datetime.date
    status: str
    status_label: str
    created_by: str
    received_by: str | None
    received_at: datetime.datetime | None
    note: str


class PurchaseDetailOut(PurchaseOut):
    lines: list[PurchaseLineOut]
    requisition_ids: list[int]


class PurchasePage(Schema):
    items: list[PurchaseOut]
    next_after: int | None


def _purchase(p: Purchase) -> dict[str, Any]:
    return {
        "id": p.pk,
        "supplier": p.supplier,
        "ordered_on": p.ordered_on,
        "status": p.status,
        "status_label": p.get_status_display(),
        "created_by": p.created_by.real_name,
        "received_by": p.received_by.real_name if p.received_by else None,
        "received_at": p.received_at,
        "note": p.note,
    }


def _purchase_detail(p: Purchase) -> dict[str, Any]:
    lines = [
        {
            "item_id": line.item_id,
            "item": str(line.item),
            "unit": line.item.unit,
            "quantity": line.quantity,
            "unit_price": str(line.unit_price),
        }
        for line in p.lines.select_related("item").order_by("pk")
    ]
    requisitions = list(p.requisitions.order_by("pk").values_list("pk", flat=True))
    return {**_purchase(p), "lines": lines, "requisition_ids": requisitions}


@router.get(
    "/supply-purchases",
    response={200: PurchasePage, **errors(401, 403, 422)},
    summary="采购记录（物品管理员、办公室；新的在前）",
)
def list_purchases(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    return _page(selectors.purchases_list(person=_me(request)), query, _purchase)


@router.post(
    "/supply-purchases",
    response={201: PurchaseDetailOut, **errors(400, 401, 403, 422)},
    summary="登记采购：供应商、单价，汇总已批准的申领计划（物品管理员）",
)
def create_purchase(request: HttpRequest, body: PurchaseIn) -> Status[dict[str, Any]]:
    person = _me(request)
    purchase = purchase_create(
        actor=person,
        supplier=body.supplier,
        ordered_on=body.ordered_on,
        lines=[(line.item_id, line.quantity, line.unit_price) for line in body.lines],
        requisition_ids=body.requisition_ids,
        note=body.note,
    )
    return Status(
        201, _purchase_detail(selectors.purchase_get_for_person(person=person, pk=purchase.pk))
    )


@router.get(
    "/supply-purchases/{purchase_id}",
    response={200: PurchaseDetailOut, **errors(401, 403, 404, 422)},
    summary="采购记录详情",
)
def get_purchase(request: HttpRequest, purchase_id: ObjectId) -> dict[str, Any]:
    return _purchase_detail(selectors.purchase_get_for_person(person=_me(request), pk=purchase_id))


@router.post(
    "/supply-purchases/{purchase_id}/receive",
    response={200: PurchaseDetailOut, **errors(401, 403, 404, 409, 422)},
    summary="验收入库：每一行记一笔入库（只能一次）",
)
def receive_purchase(request: HttpRequest, purchase_id: ObjectId) -> dict[str, Any]:
    person = _me(request)
    selectors.purchase_get_for_person(person=person, pk=purchase_id)  # outsiders: 404
    purchase_receive(actor=person, purchase_id=purchase_id)
    return _purchase_detail(selectors.purchase_get_for_person(person=person, pk=purchase_id))


class StocktakeIn(BodyIn):
    title: str = Field(..., min_length=1, max_length=100)


class StocktakeOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    created_by: str
    approved_by: str | None
    created_at: datetime.datetime


class StocktakePage(Schema):
    items: list[StocktakeOut]
    next_after: int | None


class StocktakeLineOut(Schema):
    id: int
    item_id: int
    item: str
    unit: str
    book_quantity: int
    counted_quantity: int | None
    difference: int | None


class StocktakeLinePage(Schema):
    items: list[StocktakeLineOut]
    next_after: int | None


class CountIn(BodyIn):
    item_id: ObjectId
    counted: int = Field(..., ge=0, le=10_000_000)


class CountsIn(BodyIn):
    counts: list[CountIn] = Field(..., min_length=1, max_length=500)


def _stocktake(s: Stocktake) -> dict[str, Any]:
    return {
        "id": s.pk,
        "title": s.title,
        "status": s.status,
        "status_label": s.get_status_display(),
        "created_by": s.created_by.real_name,
        "approved_by": s.approved_by.real_name if s.approved_by else None,
        "created_at": s.created_at,
    }


@router.get(
    "/supply-stocktakes",
    response={200: StocktakePage, **errors(401, 403, 422)},
    summary="盘点（新的在前）",
)
def list_stocktakes(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    return _page(selectors.stocktakes_list(person=_me(request)), query, _stocktake)


@router.post(
    "/supply-stocktakes",
    response={201: StocktakeOut, **errors(400, 401, 403, 409, 422)},
    summary="开始盘点：记下每种在用物品的账面数量（物品管理员；上一次盘点未结束时 409）",
)
def create_stocktake(request: HttpRequest, body: StocktakeIn) -> Status[dict[str, Any]]:
    person = _me(request)
    stocktake = stocktake_create(actor=person, title=body.title)
    return Status(
        201, _stocktake(selectors.stocktake_get_for_person(person=person, pk=stocktake.pk))
    )


@router.get(
    "/supply-stocktakes/{stocktake_id}",
    response={200: StocktakeOut, **errors(401, 403, 404, 422)},
    summary="盘点",
)
def get_stocktake(request: HttpRequest, stocktake_id: ObjectId) -> dict[str, Any]:
    return _stocktake(selectors.stocktake_get_for_person(person=_me(request), pk=stocktake_id))


@router.get(
    "/supply-stocktakes/{stocktake_id}/lines",
    response={200: StocktakeLinePage, **errors(401, 403, 404, 422)},
    summary="盘点表：账面数量、实盘数量与差异（按明细编号分页）",
)
def list_stocktake_lines(
    request: HttpRequest, stocktake_id: ObjectId, query: Query[PageQuery]
) -> dict[str, Any]:
    stocktake = selectors.stocktake_get_for_person(person=_me(request), pk=stocktake_id)
    rows = stocktake.lines.select_related("item").order_by("pk")
    if query.after:
        rows = rows.filter(pk__gt=query.after)
    found = list(rows[: query.limit + 1])
    more = len(found) > query.limit
    found = found[: query.limit]
    return {
        "items": [
            {
                "id": line.pk,
                "item_id": line.item_id,
                "item": str(line.item),
                "unit": line.item.unit,
                "book_quantity": line.book_quantity,
                "counted_quantity": line.counted_quantity,
                "difference": line.difference,
            }
            for line in found
        ],
        "next_after": found[-1].pk if more and found else None,
    }


@router.post(
    "/supply-stocktakes/{stocktake_id}/counts",
    response={200: StocktakeOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="填写实盘数量（按物品；盘点送审后不能再改）",
)
def count_stocktake(request: HttpRequest, stocktake_id: ObjectId, body: CountsIn) -> dict[str, Any]:
    person = _me(request)
    selectors.stocktake_get_for_person(person=person, pk=stocktake_id)  # outsiders: 404
    counts = {c.item_id: c.counted for c in body.counts}
    stocktake_count(actor=person, stocktake_id=stocktake_id, counts=counts)
    return _stocktake(selectors.stocktake_get_for_person(person=person, pk=stocktake_id))


@router.post(
    "/supply-stocktakes/{stocktake_id}/submit",
    response={200: StocktakeOut, **errors(401, 403, 404, 409, 422)},
    summary="盘点送审：差异经办公室批准后才调整库存（批准人不能是盘点人）",
)
def submit_stocktake(request: HttpRequest, stocktake_id: ObjectId) -> dict[str, Any]:
    person = _me(request)
    selectors.stocktake_get_for_person(person=person, pk=stocktake_id)  # outsiders: 404
    stocktake_submit(actor=person, stocktake_id=stocktake_id)
    return _stocktake(selectors.stocktake_get_for_person(person=person, pk=stocktake_id))
