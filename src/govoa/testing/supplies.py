"""Test support for 办公用品: the keeper and the office head, and items with stock."""

from dataclasses import dataclass
from typing import Any

from govoa.core.vocabulary import Role
from govoa.org.models import Person
from govoa.supplies.models import SupplyItem
from govoa.supplies.services.catalogue import ItemData, supply_item_create
from govoa.supplies.services.stock import stock_in
from govoa.testing.factories import grant, make_person


@dataclass
class SuppliesCast:
    keeper: Person
    office_head: Person


def supplies_cast(people: Any) -> SuppliesCast:
    keeper = make_person(department=people.office, real_name="物品管理员", username="keeper")
    grant(keeper, Role.SUPPLIES_KEEPER)
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
