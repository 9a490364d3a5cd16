"""The stock ledger: every change of stock is one appended movement, and the item's balance
row moves with it in the same transaction.

The balance is changed by one conditional UPDATE (``quantity + delta >= 0``): on PostgreSQL
the row lock it takes makes concurrent issues queue, and each re-checks the condition on the
balance the one before it left, so the last 5 items go to exactly 5 of 20 concurrent
requests. Nothing else writes ``StockBalance.quantity``."""

import dataclasses
from typing import Any

from django.db import transaction
from django.db.models import F

from govoa.audit.services import audit_record
from govoa.core.errors import Conflict
from govoa.org.models import Department, Person
from govoa.supplies.models import (
    Purchase,
    RequisitionLine,
    StockBalance,
    StockMovement,
    Stocktake,
    SupplyItem,
)
from govoa.supplies.workflow import MovementKind


@dataclasses.dataclass(frozen=True)
class MovementLinks:
    department: Department | None = None
    receiver: Person | None = None
    requisition_line: RequisitionLine | None = None
    purchase: Purchase | None = None
    stocktake: Stocktake | None = None
    note: str = ""


def shortage_message(item: SupplyItem, wanted: int, available: int) -> str:
    return (
        f"库存不足：{item.name}现有 {available}{item.unit}，"
        f"本次需减少 {wanted}{item.unit}，库存不能为负数。"
    )


def movement_append(
    *,
    actor: Person,
    item: SupplyItem,
    kind: MovementKind,
    delta: int,
    links: MovementLinks = MovementLinks(),
) -> StockMovement:
    """Append one movement of ``delta`` (signed) and move the balance with it; refuse (409)
    a movement that would take the balance below zero. Callers are services that have
    checked the actor; this records the audit event of the movement."""
    if delta == 0:
        raise ValueError("a movement of zero is not a movement")
    with transaction.atomic():
        changed = StockBalance.objects.filter(item=item, quantity__gte=-delta).update(
            quantity=F("quantity") + delta
        )
        # Read after the UPDATE: on PostgreSQL its row lock is held until commit, so this is
        # the balance this movement leaves (on SQLite the write lock serialises the same way).
        balance = StockBalance.objects.values_list("quantity", flat=True).get(item=item)
        if not changed:
            raise Conflict(shortage_message(item, -delta, balance))
        movement = StockMovement.objects.create(
            agency_id=item.agency_id,
            item=item,
            kind=kind,
            quantity=delta,
            balance_after=balance,
            created_by=actor,
            **_link_objects(links),
        )
        audit_record(
            action=f"supplies.stock.{kind}",
            actor=actor,
            obj=movement,
            object_repr=f"{item}：{delta:+d}{item.unit}",
            details=_details(movement),
        )
    return movement


def _link_objects(links: MovementLinks) -> dict[str, Any]:
    # Not dataclasses.asdict: it deep-copies the model instances.
    return {f.name: getattr(links, f.name) for f in dataclasses.fields(links)}


def _details(movement: StockMovement) -> dict[str, Any]:
    return {
        "item_id": movement.item_id,
        "quantity": movement.quantity,
        "balance_after": movement.balance_after,
        "department_id": movement.department_id,
        "receiver_id": movement.receiver_id,
        "requisition_line_id": movement.requisition_line_id,
        "purchase_id": movement.purchase_id,
        "stocktake_id": movement.stocktake_id,
    }


def balance_of(item: SupplyItem) -> int:
    row = StockBalance.objects.filter(item=item).values_list("quantity", flat=True).first()
    return row or 0
