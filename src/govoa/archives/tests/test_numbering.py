"""档号, 类目, 组件 order and the 8号令 hints: the pure rules."""

from govoa.archives.components import Part, non_archive_reason, ordered
from govoa.archives.numbering import class_code, item_text, reference_code
from govoa.archives.workflow import ComponentRole, Pattern, Scheme


def test_the_dat22_example_reference_code():
    code = reference_code(
        Pattern.DAT22, fonds="Z109", category="WS", year=2011, retention="Y", org_code="BGS", item=1
    )
    assert code == "Z109-WS·2011-Y-BGS-0001"


def test_the_dat13_style_and_a_scheme_without_organisation():
    args = {"fonds": "Z109", "category": "WS", "year": 2011, "retention": "Y", "item": 26}
    assert reference_code(Pattern.DAT13, org_code="BGS", **args) == "Z109-WS·2011·Y·BGS-0026"
    assert reference_code(Pattern.DAT22, org_code="", **args) == "Z109-WS·2011-Y-0026"
    assert item_text(7) == "0007"


def test_both_three_level_schemes_have_the_same_lowest_classes():
    for scheme in (Scheme.YEAR_ORG_PERIOD, Scheme.YEAR_PERIOD_ORG):
        assert class_code(scheme, year=2011, retention="Y", org_code="BGS") == "2011-Y-BGS"
    assert class_code(Scheme.YEAR_PERIOD, year=2011, retention="D10", org_code="BGS") == "2011-D10"


def test_in_item_order_of_dat22():
    parts = [
        Part(ComponentRole.FINAL_DRAFT, "定稿"),
        Part(ComponentRole.ATTACHMENT, "附件1"),
        Part(ComponentRole.APPROVAL_SHEET, "稿纸"),
        Part(ComponentRole.MAIN, "正本"),
        Part(ComponentRole.ATTACHMENT, "附件2"),
        Part(ComponentRole.PROCESSING_SHEET, "处理单"),
    ]
    names = [p.name for p in ordered(parts)]
    assert names == ["处理单", "正本", "附件1", "附件2", "稿纸", "定稿"]


def test_the_non_archive_list_flags_items():
    assert "修改稿" in non_archive_reason(title="关于某规划的征求意见稿")
    assert "简报" in non_archive_reason(title="某区发改局工作简报第3期")
    assert "传阅" in non_archive_reason(title="关于节日安全的通知", read_only=True)
    assert "重份" in non_archive_reason(title="关于节日安全的通知", duplicate=True)
    assert non_archive_reason(title="关于下达2027年投资计划的通知") == ""
