"""The XLSX files the system writes: whatever text a row holds, the book opens and shows it
as text."""

import io

from openpyxl import load_workbook

from govoa.core.xlsx import workbook_bytes


def test_text_is_kept_as_text_and_control_characters_are_left_out():
    rows = [['=HYPERLINK("http://example.com")', "关于\x08做好\x1f工作的通知", 3, None]]
    book = load_workbook(io.BytesIO(workbook_bytes([("登记簿", ["甲", "乙", "丙", "丁"], rows)])))
    cells = book.active[2]
    assert [c.value for c in cells] == [
        '=HYPERLINK("http://example.com")',
        "关于做好工作的通知",
        3,
        None,  # an empty cell
    ]
    assert cells[0].data_type == "s"  # a formula typed into a title is not a formula
