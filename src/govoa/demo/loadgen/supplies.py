"""办公用品 in the generated agency: a catalogue (through the services), years of stock
movements (inserted in bulk, each with its running balance, the balance row set to their
sum), and each department's plan of this month sent for review (through the services, so
their flows and work items are real).

Simplification: the history's movements carry no purchase, plan or audit rows; the ledger,
the item pages, the consumption report and the API read the movement rows only."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from govoa.core.vocabulary import Role
from govoa.demo.loadgen.agency import Org
from govoa.demo.loadgen.scales import Scale
from govoa.org.models import Person, RoleAssignment, RoleScopeKind
from govoa.supplies.models import StockBalance, StockMovement, SupplyItem
from govoa.supplies.services.catalogue import ItemData, supply_item_create
from govoa.supplies.services.requisitions import requisition_create, requisition_submit
from govoa.supplies.workflow import MovementKind, PeriodKind

BATCH = 2_000
CATALOGUE = [
    ("纸张", "A4 复印纸", "包", 40),
    ("纸张", "A3 复印纸", "包", 10),
    ("纸张", "信封（大）", "个", 100),
    ("书写", "签字笔（黑）", "支", 50),
    ("书写", "中性笔芯", "盒", 20),
    ("书写", "铅笔", "支", 30),
    ("文件", "文件夹", "个", 40),
    ("文件", "档案盒", "个", 30),
    ("文件", "订书钉", "盒", 20),
    ("耗材", "硒鼓", "个", 5),
    ("耗材", "墨盒", "个", 5),
    ("耗材", "U 盘（16G）", "个", 5),
]


def _keeper(org: Org) -> Person:
    """The office's second 文书 also keeps the supplies (物品管理员)."""
    person = Person.objects.get(pk=org.registrars[-1])
    RoleAssignment.objects.get_or_create(
        person=person, role=Role.SUPPLIES_KEEPER, defaults={"scope": RoleScopeKind.AGENCY}
    )
    return person


def _history(
    org: Org, items: list[SupplyItem], keeper: Person, scale: Scale, rng: random.Random
) -> int:
    """Monthly stock-ins and the departments' issues between them, oldest first, never below
    zero: about one movement for every two finished 收文."""
    total = max(scale.incoming // 2, len(items) * 4)
    months = max(scale.years * 12, 1)
    per_month = max(total // months, 2)
    now = timezone.now()
    balances = dict.fromkeys((i.pk for i in items), 0)
    rows: list[StockMovement] = []
    made = 0
    for month in range(months, 0, -1):
        start = now - datetime.timedelta(days=30 * month)
        for n in range(per_month):
            item = items[n % len(items)]
            moment = start + datetime.timedelta(minutes=n * 7 + 1)
            department = rng.choice(org.business)
            take = rng.randint(1, 6)
            if balances[item.pk] < take:
                delta, kind = rng.randint(40, 120), MovementKind.STOCK_IN
                department_id, receiver_id, note = None, None, "采购入库"
            else:
                delta, kind, department_id, note = -take, MovementKind.ISSUE, department, "日常办公"
                receiver_id = rng.choice(org.members.get(department) or [org.heads[department]])
            balances[item.pk] += delta
            rows.append(
                StockMovement(
                    agency_id=org.agency.pk,
                    item=item,
                    kind=kind,
                    quantity=delta,
                    balance_after=balances[item.pk],
                    department_id=department_id,
                    receiver_id=receiver_id,
                    note=note,
                    created_by=keeper,
                    created_at=moment,
                )
            )
        if len(rows) >= BATCH:
            made += _flush(rows)
    made += _flush(rows)
    for pk, quantity in balances.items():
        StockBalance.objects.filter(item_id=pk).update(quantity=quantity)
    return made


def _flush(rows: list[StockMovement]) -> int:
    with transaction.atomic():
        StockMovement.objects.bulk_create(rows)
    n = len(rows)
    rows.clear()
    return n


def grow_supplies(org: Org, scale: Scale, rng: random.Random) -> dict[str, int]:
    keeper = _keeper(org)
    items = [
        supply_item_create(
            actor=keeper,
            data=ItemData(
                code=f"BG-{n + 1:03d}", name=name, unit=unit, category=category, safety_stock=low
            ),
        )
        for n, (category, name, unit, low) in enumerate(CATALOGUE)
    ]
    movements = _history(org, items, keeper, scale, rng)
    period = timezone.localdate().strftime("%Y-%m")
    plans = 0
    for department in org.business:
        member = (org.members.get(department) or [org.heads[department]])[0]
        requester = Person.objects.get(pk=member)
        lines = [(item.pk, rng.randint(1, 10)) for item in rng.sample(items, 3)]
        plan = requisition_create(
            actor=requester, period_kind=PeriodKind.MONTHLY, period=period, lines=lines
        )
        requisition_submit(actor=requester, requisition_id=plan.pk)
        plans += 1
    return {
        "supplies.SupplyItem": len(items),
        "supplies.StockMovement": movements,
        "supplies.Requisition": plans,
    }
