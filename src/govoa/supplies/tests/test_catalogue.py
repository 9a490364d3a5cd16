"""The catalogue and its XLSX import: per-row Chinese errors, all or nothing."""

import io

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.errors import PermissionDenied, ValidationFailed
from govoa.core.xlsx import workbook_bytes
from govoa.supplies.models import StockBalance, SupplyItem
from govoa.supplies.services.catalogue import (
    HEADERS,
    SHEET,
    ItemData,
    import_template,
    supply_item_create,
    supply_items_import_xlsx,
)
from govoa.testing.supplies import make_item, supplies_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return supplies_cast(people)


def _book(rows):
    return io.BytesIO(workbook_bytes([(SHEET, HEADERS, rows)]))


def test_the_template_imports_as_is(cast):
    [item] = supply_items_import_xlsx(actor=cast.keeper, upload=io.BytesIO(import_template()))
    assert (item.code, item.name, item.unit, item.safety_stock) == ("BG-001", "A4 复印纸", "包", 20)
    assert StockBalance.objects.get(item=item).quantity == 0
    assert AuditEvent.objects.filter(action="supplies.item.import").count() == 1


def test_every_bad_row_is_reported_and_nothing_is_imported(cast):
    make_item(cast.keeper, "BG-009")
    rows = [
        ["BG-101", "订书机", "", "个", "文具", 2, ""],
        ["", "回形针", "", "盒", "文具", 0, ""],
        ["BG-102", "胶水", "", "瓶", "文具", "很多", ""],
        ["BG-009", "已有", "", "个", "文具", 0, ""],
        ["BG-101", "重复", "", "个", "文具", 0, ""],
        ["BG-103", "墨盒", "", "", "耗材", 1, ""],
    ]
    with pytest.raises(ValidationFailed) as refused:
        supply_items_import_xlsx(actor=cast.keeper, upload=_book(rows))
    assert refused.value.message == "导入文件有 5 处错误，未导入任何数据。请修改后重新上传。"
    assert refused.value.fields["rows"] == [
        "第 3 行：请填写物品编码。",
        "第 4 行：安全库存应为整数，实际为“很多”",
        "第 5 行：物品编码“BG-009”已在目录中",
        "第 6 行：物品编码“BG-101”与第 2 行重复",
        "第 7 行：请填写计量单位。",
    ]
    assert list(SupplyItem.objects.values_list("code", flat=True)) == ["BG-009"]


def test_a_file_that_is_not_a_workbook_is_refused(cast):
    with pytest.raises(ValidationFailed, match="不是 Excel 工作簿"):
        supply_items_import_xlsx(actor=cast.keeper, upload=io.BytesIO(b"name,unit\n"))


def test_only_the_keeper_maintains_the_catalogue(people, cast):
    with pytest.raises(PermissionDenied):
        supply_item_create(
            actor=people.staff, data=ItemData(code="X", name="X", unit="个", category="文具")
        )
    assert AuditEvent.objects.get(action="supplies.item.create").outcome == "denied"
    assert not SupplyItem.objects.exists()


def test_codes_are_unique_per_agency(cast):
    make_item(cast.keeper, "BG-001")
    with pytest.raises(ValidationFailed) as refused:
        make_item(cast.keeper, "BG-001")
    assert refused.value.fields == {"code": ["物品编码“BG-001”已存在。"]}
