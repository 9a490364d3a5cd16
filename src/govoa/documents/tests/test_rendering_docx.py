"""The DOCX renderer read back with python-docx (no database needed)."""

import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from govoa.documents.rendering import geometry as g
from govoa.documents.rendering.docx import render_docx
from govoa.documents.rendering.fonts import OFFICIAL_NAMES
from govoa.documents.tests import samples

OFFICIAL = set(OFFICIAL_NAMES)


def read(data: bytes):
    assert data.startswith(b"PK")
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def notice():
    return read(render_docx(samples.sample_notice(pages=3)))


def all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in document.sections:
        for part in (section.footer, section.even_page_footer, section.first_page_header):
            yield from part.paragraphs


def east_asian(run) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def paragraph(document, starting: str):
    return next(p for p in document.paragraphs if p.text.startswith(starting))


def test_page_size_margins_and_grid(notice):
    (section,) = notice.sections
    lengths = ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin")
    measured = [getattr(section, name).mm for name in (*lengths, "right_margin")]
    assert measured == pytest.approx([210, 297, 37, 35, 28, 26], abs=0.05)  # whole twips
    grid = section._sectPr.find(qn("w:docGrid"))
    # A line grid only: LibreOffice reads a character grid with a negative charSpace as 14
    # characters a line. The 28 come from the Normal style's character spacing instead.
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:charSpace")) is None
    assert int(grid.get(qn("w:linePitch"))) == pytest.approx(g.LINE / g.PT * 20, abs=1)
    normal = notice.styles["Normal"]
    assert normal.font.size.pt == 16
    spacing = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20  # pt
    assert 28 * (16 + spacing) * g.PT <= 156 < 29 * (16 + spacing) * g.PT
    assert normal.paragraph_format.line_spacing == pytest.approx(Mm(g.LINE), abs=Mm(0.05))


def test_every_run_names_an_official_east_asian_font(notice):
    runs = [run for p in all_paragraphs(notice) for run in p.runs]
    assert len(runs) > 50
    assert {east_asian(run) for run in runs} <= OFFICIAL
    assert {east_asian(run) for run in runs} == OFFICIAL  # all five faces are used


def test_faces_sizes_and_colours_by_element(notice):
    mark = paragraph(notice, "某市发展和改革委员会文件")
    assert {east_asian(r) for r in mark.runs} == {"方正小标宋简体"}
    assert {str(r.font.color.rgb) for r in mark.runs} == {"FF0000"}
    number = paragraph(notice, "市发改投资〔2026〕128号")
    border = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == "FF0000"
    title = paragraph(notice, "某市发展和改革委员会关于")
    assert {(east_asian(r), r.font.size.pt) for r in title.runs} == {("方正小标宋简体", 22)}
    assert paragraph(notice, "000123").runs[0].font.size.pt == 16
    assert east_asian(paragraph(notice, "秘密★1年").runs[0]) == "黑体"
    assert east_asian(paragraph(notice, "一、总体要求").runs[0]) == "黑体"
    heading_2 = paragraph(notice, "（一）指导思想。")
    assert [east_asian(r) for r in heading_2.runs] == ["楷体_GB2312", "仿宋_GB2312"]
    assert heading_2.runs[0].text == "（一）指导思想。"
    assert {east_asian(r) for r in paragraph(notice, "1. 产业升级项目").runs} == {"仿宋_GB2312"}
    assert {east_asian(r) for r in paragraph(notice, "（1）先进制造业").runs} == {"仿宋_GB2312"}
    body = paragraph(notice, "为深入贯彻落实")
    assert body.paragraph_format.first_line_indent == pytest.approx(Mm(2 * g.CHAR), abs=Mm(0.1))


def test_attachments_signature_and_colophon(notice):
    assert paragraph(notice, "附件：1.2027年度市级重点项目储备表")
    assert paragraph(notice, "2.2027年度重点项目谋划储备工作联系人名单")
    labels = [p for p in notice.paragraphs if p.text in ("附件1", "附件2")]
    assert [p.text for p in labels] == ["附件1", "附件2"]
    assert all(p.paragraph_format.page_break_before for p in labels)
    assert {east_asian(r) for p in labels for r in p.runs} == {"黑体"}
    date = paragraph(notice, "2026年11月23日")
    right = Mm(156) - date.paragraph_format.left_indent
    assert right == pytest.approx(Mm((4 + g.text_width("2026年11月23日")) * g.CHAR), abs=Mm(0.5))
    assert paragraph(notice, "（此件发至县级）")
    (table,) = notice.tables
    cells = [cell.text for row in table.rows for cell in row.cells]
    assert cells[0].startswith("抄送：")
    assert cells[0].endswith("市审计局。")
    assert cells[-1] == "2026年11月24日印发"
    assert table._tbl.tblPr.find(qn("w:tblpPr")).get(qn("w:tblpYSpec")) == "bottom"
    borders = [
        [(line.tag.split("}")[1], line.get(qn("w:sz"))) for line in tc.tcPr.find(qn("w:tcBorders"))]
        for tc in table._tbl.iter(qn("w:tc"))
    ]
    # eighths of a point: 0.35 mm → 8, 0.25 mm → 6; thick first and last, thin between
    assert borders == [
        [("top", "8")],
        [("top", "6"), ("bottom", "8")],
        [("top", "6"), ("bottom", "8")],
    ]
    assert {
        r.font.size.pt
        for row in table.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    } == {14}


def test_page_numbers_odd_right_even_left(notice):
    (section,) = notice.sections
    assert notice.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer in (odd, even):
        assert footer.text.startswith("— ")
        assert footer.text.endswith(" —")
        assert "PAGE" in footer._p.xml
        assert {east_asian(r) for r in footer.runs} == {"宋体"}
        assert {r.font.size.pt for r in footer.runs} == {14}
    assert odd.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT


def test_upward_letter_minutes_and_order():
    request = read(render_docx(samples.sample_request()))
    signers = next(p for p in request.paragraphs if "签发人：" in p.text)
    assert [east_asian(r) for r in signers.runs][-1] == "楷体_GB2312"
    last = next(p for p in request.paragraphs if "市发改〔2026〕45号" in p.text)
    assert last.text.endswith("王某某")

    letter = read(render_docx(samples.sample_letter()))
    (section,) = letter.sections
    assert section.different_first_page_header_footer
    head = section.first_page_header.paragraphs[0]
    assert head.text == "某市发展和改革委员会"
    assert head._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == (
        "thickThinSmallGap"
    )
    assert "PAGE" not in section.first_page_footer.paragraphs[0]._p.xml
    assert not any("印发" in cell.text for t in letter.tables for r in t.rows for cell in r.cells)

    minutes = read(render_docx(samples.sample_minutes()))
    attend = next(p for p in minutes.paragraphs if p.text.startswith("出席："))
    assert [east_asian(r) for r in attend.runs] == ["黑体", "仿宋_GB2312"]

    order = read(render_docx(samples.sample_order()))
    signer = next(p for p in order.paragraphs if p.text.startswith("市长"))
    assert [east_asian(r) for r in signer.runs] == ["仿宋_GB2312", "楷体_GB2312"]


def test_control_characters_pasted_into_the_text_are_left_out():
    from dataclasses import replace

    sample = samples.sample_notice(pages=1)
    pasted = replace(sample, title="关于\x08做好\x0b工作的\ufffe通知")
    document = read(render_docx(pasted))
    assert any(p.text == "关于做好工作的通知" for p in document.paragraphs)
