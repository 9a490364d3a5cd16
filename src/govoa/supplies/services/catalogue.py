"""The catalogue (物品目录): items one by one, or many at once from an XLSX workbook where
every row is checked first and nothing is imported unless every row is good."""

import dataclasses
from typing import Any, BinaryIO

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import ValidationFailed
from govoa.core.xlsx import read_sheets, workbook_bytes
from govoa.org.models import Person
from govoa.supplies.models import StockBalance, SupplyItem
from govoa.supplies.policies import can_manage_catalogue

SHEET = "物品目录"
HEADERS = ["物品编码*", "名称*", "规格型号", "计量单位*", "类别*", "安全库存", "存放位置"]
LIMITS = {"code": 30, "name": 100, "specification": 100, "unit": 10, "category": 30, "location": 60}
LABELS = {
    "code": "物品编码",
    "name": "名称",
    "specification": "规格型号",
    "unit": "计量单位",
    "category": "类别",
    "location": "存放位置",
    "safety_stock": "安全库存",
}
REQUIRED = ("code", "name", "unit", "category")


@dataclasses.dataclass
class ItemData:
    code: str
    name: str
    unit: str
    category: str
    specification: str = ""
    safety_stock: int = 0
    location: str = ""


def item_problems(data: ItemData) -> dict[str, list[str]]:
    """Per-field Chinese messages for one item (the form, the API and the import alike)."""
    problems: dict[str, list[str]] = {}
    for field, limit in LIMITS.items():
        value = getattr(data, field)
        if field in REQUIRED and not value.strip():
            problems[field] = [f"请填写{LABELS[field]}。"]
        elif len(value) > limit:
            problems[field] = [f"{LABELS[field]}不能超过 {limit} 个字。"]
        elif "\x00" in value:
            problems[field] = ["不能包含空字符。"]
    if not 0 <= data.safety_stock <= 1_000_000:
        problems["safety_stock"] = ["安全库存应为 0 至 1000000 之间的整数。"]
    return problems


def _stripped(data: ItemData) -> ItemData:
    """What is kept: no leading or trailing blanks (a name of blanks is no name)."""
    return dataclasses.replace(data, **{field: getattr(data, field).strip() for field in LIMITS})


def _refuse_unless_keeper(actor: Person, action: str) -> None:
    if not can_manage_catalogue(actor):
        raise audit_denied(action=action, actor=actor, reason="只有物品管理员可以维护物品目录。")


def _create(actor: Person, data: ItemData, **audit: Any) -> SupplyItem:
    item = SupplyItem.objects.create(agency_id=actor.agency_id, **dataclasses.asdict(data))
    StockBalance.objects.create(item=item, quantity=0)
    audit_record(
        action="supplies.item.create",
        actor=actor,
        obj=item,
        details={"code": item.code, "name": item.name, **audit},
    )
    return item


def supply_item_create(*, actor: Person, data: ItemData) -> SupplyItem:
    _refuse_unless_keeper(actor, "supplies.item.create")
    data = _stripped(data)
    problems = item_problems(data)
    if problems:
        raise ValidationFailed(fields=problems)
    with transaction.atomic():
        if SupplyItem.objects.filter(agency_id=actor.agency_id, code=data.code).exists():
            raise ValidationFailed(fields={"code": [f"物品编码“{data.code}”已存在。"]})
        return _create(actor, data)


def supply_item_update(*, actor: Person, item_id: int, data: ItemData, active: bool) -> SupplyItem:
    _refuse_unless_keeper(actor, "supplies.item.update")
    data = _stripped(data)
    problems = item_problems(data)
    if problems:
        raise ValidationFailed(fields=problems)
    with transaction.atomic():
        item = SupplyItem.objects.select_for_update().get(pk=item_id, agency_id=actor.agency_id)
        clash = SupplyItem.objects.filter(agency_id=actor.agency_id, code=data.code)
        if clash.exclude(pk=item.pk).exists():
            raise ValidationFailed(fields={"code": [f"物品编码“{data.code}”已存在。"]})
        for field, value in dataclasses.asdict(data).items():
            setattr(item, field, value)
        item.active = active
        item.save()
        audit_record(
            action="supplies.item.update", actor=actor, obj=item, details={"active": active}
        )
    return item


def import_template() -> bytes:
    return workbook_bytes(
        [(SHEET, HEADERS, [["BG-001", "A4 复印纸", "70g 500张/包", "包", "纸张", 20, "库房一"]])]
    )


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _row_item(row: dict[str, Any], errors: list[str]) -> ItemData | None:
    where = f"第 {row['__row__']} 行"
    raw_stock = _text(row, "安全库存") or "0"
    try:
        stock = int(raw_stock)
    except ValueError:
        errors.append(f"{where}：安全库存应为整数，实际为“{raw_stock}”")
        return None
    data = ItemData(
        code=_text(row, "物品编码"),
        name=_text(row, "名称"),
        specification=_text(row, "规格型号"),
        unit=_text(row, "计量单位"),
        category=_text(row, "类别"),
        safety_stock=stock,
        location=_text(row, "存放位置"),
    )
    problems = item_problems(data)
    for messages in problems.values():
        errors.extend(f"{where}：{message}" for message in messages)
    return None if problems else data


def supply_items_import_xlsx(*, actor: Person, upload: BinaryIO) -> list[SupplyItem]:
    """All or nothing: a bad row (missing field, bad number, a code already in the catalogue
    or twice in the file) is reported with its row number and nothing is imported."""
    _refuse_unless_keeper(actor, "supplies.item.import")
    sheets = read_sheets(upload, max_rows=2000)
    if SHEET not in sheets:
        raise ValidationFailed(f"工作簿中没有名为“{SHEET}”的工作表。请使用下载的模板。")
    errors: list[str] = []
    planned: list[ItemData] = []
    existing = set(
        SupplyItem.objects.filter(agency_id=actor.agency_id).values_list("code", flat=True)
    )
    seen: dict[str, int] = {}
    for row in sheets[SHEET]:
        data = _row_item(row, errors)
        if data is None:
            continue
        if data.code in existing:
            errors.append(f"第 {row['__row__']} 行：物品编码“{data.code}”已在目录中")
        elif data.code in seen:
            errors.append(
                f"第 {row['__row__']} 行：物品编码“{data.code}”与第 {seen[data.code]} 行重复"
            )
        else:
            seen[data.code] = row["__row__"]
            planned.append(data)
    if errors:
        raise ValidationFailed(
            f"导入文件有 {len(errors)} 处错误，未导入任何数据。请修改后重新上传。",
            fields={"rows": errors},
        )
    if not planned:
        raise ValidationFailed("文件中没有可导入的行。")
    with transaction.atomic():
        items = [_create(actor, data, imported=True) for data in planned]
        audit_record(
            action="supplies.item.import",
            actor=actor,
            agency_id=actor.agency_id,
            details={"items": len(items)},
        )
    return items
