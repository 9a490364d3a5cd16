"""Test support for 办公用品: the keeper and the office head, and items with stock."""

from dataclasses import dataclass
from typing import Any

from govoa.core.vocabulary import Role
from govoa.org.models import Person
from govoa.supplies.models import SupplyItem
from govoa.supplies.services.catalogue import ItemData, supply_item_create
from govoa.supplies.services.requisitions import requisition_create, requisition_submit
from govoa.supplies.services.stock import stock_in, stock_issue
from govoa.testing.factories import grant, make_person


@dataclass
class SuppliesCast:
    keeper: Person
    office_head: Person


def supplies_cast(people: Any) -> SuppliesCast:
    """The keeper, and the agency's office head (the one another cast made, if any)."""
    keeper = make_person(department=people.office, real_name="物品管理员", username="wpgly")
    grant(keeper, Role.SUPPLIES_KEEPER)
    office_head = Person.objects.filter(
        agency=people.agency, role_assignments__role=Role.OFFICE_HEAD
    ).first()
    if office_head is None:
        office_head = make_person(
            department=people.office, real_name="办公室主任", username="officehead"
        )
        grant(office_head, Role.OFFICE_HEAD)
        grant(office_head, Role.DEPT_HEAD, [people.office])
    return SuppliesCast(keeper=keeper, office_head=office_head)


def make_item(
    keeper: Person, code: str = "BG-001", *, stock: int = 0, safety_stock: int = 0, **fields: Any
) -> SupplyItem:
    data = ItemData(
        code=code,
        name=fields.pop("name", "A4 复印纸"),
        unit=fields.pop("unit", "包"),
        category=fields.pop("category", "纸张"),
        safety_stock=safety_stock,
        **fields,
    )
    item = supply_item_create(actor=keeper, data=data)
    if stock:
        stock_in(actor=keeper, item_id=item.pk, quantity=stock, note="期初结存")
    return item


@dataclass
class SuppliesLedger:
    item_ids: list[int]
    requisition_ids: list[int]


def supplies_ledger(people: Any, cast: SuppliesCast) -> SuppliesLedger:
    """A few items with stock and movements, and the staff member's plans: one draft, one
    under review (for the API contract test and the views' tests)."""
    paper = make_item(cast.keeper, "BG-001", stock=40, safety_stock=10)
    pens = make_item(cast.keeper, "BG-002", name="签字笔", unit="支", stock=5, safety_stock=10)
    stock_issue(
        actor=cast.keeper,
        item_id=paper.pk,
        quantity=3,
        department_id=people.planning.pk,
        receiver_id=people.staff.pk,
        note="日常办公",
    )
    draft = requisition_create(
        actor=people.staff, period_kind="monthly", period="2026-12", lines=[(paper.pk, 5)]
    )
    submitted = requisition_create(
        actor=people.staff, period_kind="quarterly", period="2026-Q4", lines=[(pens.pk, 20)]
    )
    requisition_submit(actor=people.staff, requisition_id=submitted.pk)
    return SuppliesLedger([paper.pk, pens.pk], [draft.pk, submitted.pk])
