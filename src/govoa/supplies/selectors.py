"""Reads of 办公用品, always through the policies' ``*_visible_q``. Lists page by keyset
(``after`` = the last id seen, newest first) and never count the whole history."""

import dataclasses
import datetime

from django.db.models import F, QuerySet, Sum

from govoa.core.errors import NotFound
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.org.models import Person
from govoa.supplies import policies
from govoa.supplies.models import (
    Purchase,
    Requisition,
    RequisitionLine,
    StockBalance,
    StockMovement,
    Stocktake,
    StocktakeLine,
    SupplyItem,
)
from govoa.supplies.workflow import MovementKind, RequisitionStatus


def supply_items_list(*, person: Person, query: str = "", category: str = "") -> QuerySet:
    items = SupplyItem.objects.filter(policies.supply_items_visible_q(person)).select_related(
        "balance"
    )
    if query:
        items = items.filter(name__icontains=query) | items.filter(code__icontains=query)
    if category:
        items = items.filter(category=category)
    return items.order_by("category", "code", "pk")


def supply_item_get_for_person(*, person: Person, pk: int) -> SupplyItem:
    item = (
        SupplyItem.objects.filter(policies.supply_items_visible_q(person), pk=pk)
        .select_related("balance")
        .first()
    )
    if item is None:
        raise NotFound()
    return item


def low_stock_items(*, person: Person) -> QuerySet:
    """Items at or below their safety stock (the keeper's 低库存 list)."""
    return supply_items_list(person=person).filter(
        active=True, safety_stock__gt=0, balance__quantity__lte=F("safety_stock")
    )


@dataclasses.dataclass(frozen=True)
class MovementFilters:
    item_id: int | None = None
    kind: str = ""
    department_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def movements_list(
    *, person: Person, filters: MovementFilters = MovementFilters(), after: int | None = None
) -> QuerySet:
    movements = StockMovement.objects.filter(policies.movements_visible_q(person))
    if filters.item_id:
        movements = movements.filter(item_id=filters.item_id)
    if filters.kind:
        movements = movements.filter(kind=filters.kind)
    if filters.department_id:
        movements = movements.filter(department_id=filters.department_id)
    if filters.date_from:
        movements = movements.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        movements = movements.filter(created_at__date__lte=filters.date_to)
    if after:
        movements = movements.filter(pk__lt=after)
    return movements.select_related("item", "department", "receiver", "created_by").order_by("-pk")


def requisitions_list(*, person: Person, status: str = "", after: int | None = None) -> QuerySet:
    plans = Requisition.objects.filter(policies.requisitions_visible_q(person))
    if status:
        plans = plans.filter(status=status)
    if after:
        plans = plans.filter(pk__lt=after)
    return plans.select_related("department", "requester", "approved_by").order_by("-pk")


def requisition_get_for_person(*, person: Person, pk: int) -> Requisition:
    plan = (
        Requisition.objects.filter(policies.requisitions_visible_q(person), pk=pk)
        .select_related("department", "requester", "approved_by", "purchase")
        .first()
    )
    if plan is None:
        raise NotFound()
    return plan


def requisition_lines(requisition: Requisition) -> QuerySet:
    return requisition.lines.select_related("item").order_by("item__code")


def requisition_flow(
    *, person: Person, requisition: Requisition
) -> tuple[FlowInstance | None, WorkItem | None]:
    """The plan's review flow and the person's open item in it (to act on), if any."""
    return subject_flow(
        person=person, subject_type=policies.REQUISITION_TYPE, subject_id=requisition.pk
    )


def stocktakes_list(*, person: Person) -> QuerySet[Stocktake]:
    return (
        Stocktake.objects.filter(policies.stocktakes_visible_q(person))
        .select_related("created_by", "approved_by")
        .order_by("-pk")
    )


def stocktake_get_for_person(*, person: Person, pk: int) -> Stocktake:
    stocktake = stocktakes_list(person=person).filter(pk=pk).first()
    if stocktake is None:
        raise NotFound()
    return stocktake


def stocktake_lines(stocktake: Stocktake) -> QuerySet[StocktakeLine]:
    return stocktake.lines.select_related("item").order_by("item__category", "item__code")


def subject_flow(
    *, person: Person, subject_type: str, subject_id: int
) -> tuple[FlowInstance | None, WorkItem | None]:
    instance = FlowInstance.objects.filter(subject_type=subject_type, subject_id=subject_id).first()
    if instance is None:
        return None, None
    item = WorkItem.objects.filter(
        instance=instance, assignee=person, status=ItemStatus.OPEN
    ).first()
    return instance, item


def purchase_get_for_person(*, person: Person, pk: int) -> Purchase:
    purchase = purchases_list(person=person).filter(pk=pk).first()
    if purchase is None:
        raise NotFound()
    return purchase


def purchasable_requisitions(*, person: Person) -> QuerySet[Requisition]:
    """Approved plans not yet consolidated into a purchase (the keeper picks from them)."""
    if not policies.sees_all_supplies(person):
        return Requisition.objects.none()
    return (
        Requisition.objects.filter(
            agency_id=person.agency_id,
            status=RequisitionStatus.APPROVED,
            purchase__isnull=True,
        )
        .select_related("department")
        .order_by("-pk")
    )


def purchases_list(*, person: Person) -> QuerySet:
    if not policies.sees_all_supplies(person):
        return Purchase.objects.none()
    return (
        Purchase.objects.filter(agency_id=person.agency_id)
        .select_related("created_by", "received_by")
        .order_by("-pk")
    )


@dataclasses.dataclass(frozen=True)
class PurchaseRow:
    item: SupplyItem
    requested: int
    balance: int
    suggested: int


def purchase_list(*, person: Person) -> list[PurchaseRow]:
    """汇总采购清单: what the approved plans not yet purchased ask for, per item, with the
    stock on hand; suggested = requested + safety stock − on hand (never below zero)."""
    if not policies.sees_all_supplies(person):
        return []
    wanted = (
        RequisitionLine.objects.filter(
            requisition__agency_id=person.agency_id,
            requisition__status=RequisitionStatus.APPROVED,
            requisition__purchase__isnull=True,
        )
        .values("item_id")
        .annotate(total=Sum("quantity"))
        .order_by("item_id")
    )
    totals = {row["item_id"]: row["total"] for row in wanted}
    items = SupplyItem.objects.in_bulk(list(totals))
    balances = dict(
        StockBalance.objects.filter(item_id__in=list(totals)).values_list("item_id", "quantity")
    )
    rows = []
    for item_id, requested in totals.items():
        item, balance = items[item_id], balances.get(item_id, 0)
        suggested = max(0, requested + item.safety_stock - balance)
        rows.append(PurchaseRow(item, requested, balance, suggested))
    return sorted(rows, key=lambda r: r.item.code)


@dataclasses.dataclass(frozen=True)
class ConsumptionRow:
    department: str
    item: str
    unit: str
    quantity: int


def consumption_by_department(
    *, person: Person, date_from: datetime.date, date_to: datetime.date
) -> list[ConsumptionRow]:
    """领用统计: quantities issued per department and item in the period (adjustments and
    stock-ins excluded). Bounded by the period, through the (agency, kind, created_at)
    index."""
    if not policies.can_see_reports(person):
        return []
    rows = (
        StockMovement.objects.filter(
            agency_id=person.agency_id,
            kind=MovementKind.ISSUE,
            created_at__date__gte=date_from,
            created_at__date__lte=date_to,
        )
        .values(
            "department_id",
            "department__name",
            "department__order",
            "item_id",
            "item__code",
            "item__name",
            "item__unit",
        )
        .annotate(total=Sum("quantity"))
        .order_by("department__order", "department_id", "item__code", "item_id")
    )
    return [
        ConsumptionRow(r["department__name"], r["item__name"], r["item__unit"], -r["total"])
        for r in rows
    ]
