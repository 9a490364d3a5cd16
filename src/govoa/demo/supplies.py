"""Demo 办公用品, made through the real services: a catalogue with opening stock (two items
below their safety stock), an approved plan drawn on, one under review, a purchase
received, a few ad-hoc issues, and a stocktake being counted."""

import datetime
from decimal import Decimal

from django.utils import timezone

from govoa.demo.acting import act_on
from govoa.org.models import Agency, Department, Person
from govoa.supplies.policies import REQUISITION_TYPE
from govoa.supplies.services.catalogue import ItemData, supply_item_create
from govoa.supplies.services.purchases import purchase_create, purchase_receive
from govoa.supplies.services.requisitions import requisition_create, requisition_submit
from govoa.supplies.services.stock import stock_in, stock_issue
from govoa.supplies.services.stocktakes import stocktake_count, stocktake_create

# code, name, specification, unit, category, safety stock, location, opening stock
CATALOGUE = [
    ("ZZ-001", "A4 复印纸", "70g 500张/包", "包", "纸张", 20, "一楼库房A架", 60),
    ("ZZ-002", "A3 复印纸", "70g 500张/包", "包", "纸张", 5, "一楼库房A架", 8),
    ("WJ-001", "中性笔", "0.5mm 黑色", "支", "文具", 50, "一楼库房B架", 180),
    ("WJ-002", "中性笔芯", "0.5mm 黑色", "支", "文具", 100, "一楼库房B架", 60),
    ("WJ-003", "订书机", "24/6", "个", "文具", 5, "一楼库房B架", 12),
    ("WJ-004", "订书钉", "24/6 1000枚/盒", "盒", "文具", 20, "一楼库房B架", 45),
    ("WJ-005", "文件夹", "A4 双夹", "个", "文具", 30, "一楼库房C架", 90),
    ("HC-001", "激光打印机硒鼓", "HP 88A", "个", "耗材", 4, "一楼库房D架", 3),
    ("HC-002", "碳带", "110mm×300m", "卷", "耗材", 2, "一楼库房D架", 6),
    ("QJ-001", "抽纸", "3层 100抽", "包", "清洁用品", 40, "一楼库房E架", 120),
]


def seed_supplies(agency: Agency) -> None:
    def person(username: str) -> Person:
        return Person.objects.get(agency=agency, username=username)

    keeper = person("sunwei")
    items = {}
    for code, name, spec, unit, category, safety, location, opening in CATALOGUE:
        data = ItemData(code, name, unit, category, spec, safety, location)
        item = supply_item_create(actor=keeper, data=data)
        stock_in(actor=keeper, item_id=item.pk, quantity=opening, note="期初结存")
        items[code] = item
    planning = Department.objects.get(agency=agency, code="ZHGH")
    month = timezone.localdate().strftime("%Y-%m")
    plan = requisition_create(
        actor=person("guojun"),
        period_kind="monthly",
        period=month,
        lines=[(items["ZZ-001"].pk, 10), (items["WJ-001"].pk, 20), (items["WJ-005"].pk, 15)],
        note="综合规划处本月办公用品",
    )
    requisition_submit(actor=person("guojun"), requisition_id=plan.pk)
    act_on(REQUISITION_TYPE, plan.pk, actor=person("chenxiuying"), opinion="同意")
    for line in plan.lines.select_related("item"):
        stock_issue(
            actor=keeper,
            item_id=line.item_id,
            quantity=line.quantity if line.item.code != "WJ-005" else 5,
            department_id=planning.pk,
            receiver_id=person("majiayi").pk,
            requisition_line_id=line.pk,
        )
    quarterly = requisition_create(
        actor=person("chenhao"),
        period_kind="quarterly",
        period=f"{timezone.localdate().year}-Q4",
        lines=[(items["HC-001"].pk, 4), (items["ZZ-001"].pk, 30)],
        note="固定资产投资处第四季度办公用品",
    )
    requisition_submit(actor=person("chenhao"), requisition_id=quarterly.pk)
    purchase = purchase_create(
        actor=keeper,
        supplier="某市办公用品有限公司",
        ordered_on=timezone.localdate() - datetime.timedelta(days=3),
        lines=[
            (items["WJ-002"].pk, 200, Decimal("1.20")),
            (items["QJ-001"].pk, 60, Decimal("6.50")),
        ],
    )
    purchase_receive(actor=keeper, purchase_id=purchase.pk)
    energy = Department.objects.get(agency=agency, code="NYC")
    for code, quantity, receiver, department in [
        ("ZZ-002", 4, "sungang", Department.objects.get(agency=agency, code="NCJJ")),
        ("HC-001", 2, "zhuyong", Department.objects.get(agency=agency, code="FGC")),
        ("QJ-001", 10, "majiayi", planning),
        ("WJ-003", 2, "lizhen", energy),
    ]:
        stock_issue(
            actor=keeper,
            item_id=items[code].pk,
            quantity=quantity,
            department_id=department.pk,
            receiver_id=person(receiver).pk,
            note="临时领用",
        )
    stocktake = stocktake_create(actor=keeper, title=f"{timezone.localdate():%Y年%m月}月末盘点")
    stocktake_count(
        actor=keeper,
        stocktake_id=stocktake.pk,
        counts={items["ZZ-001"].pk: 49, items["WJ-004"].pk: 45},
    )
