"""WordprocessingML that python-docx has no API for: East Asian fonts, character-unit
indents, paragraph and cell borders, fields and a table floating at the page's foot."""

import math
from typing import Any

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from govoa.documents.rendering import geometry as g

# Children that must follow w:pBdr in w:pPr, and w:tcBorders in w:tcPr (schema order; Word
# refuses a file whose elements are out of order).
PBDR_SUCCESSORS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
TCBORDERS_SUCCESSORS = (
    "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
    "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)  # fmt: skip


def set_fonts(rpr: Any, name: str) -> None:
    """All four font slots, East Asian included (python-docx sets only ascii and hAnsi),
    and no theme font that Word would prefer over them."""
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def set_default_fonts(document: Document, name: str) -> None:
    """The document defaults (docDefaults) name the official 仿宋 in every slot too."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr is not None and rpr.find(qn("w:rPr")) is not None:
        set_fonts(rpr.find(qn("w:rPr")), name)


def document_grid(section: Section) -> None:
    """Word's 文档网格 “只指定行网格”: 22 lines to the page (linePitch in twips). The 28
    characters a line come from the character spacing (``character_spacing``), not from a
    character grid: LibreOffice reads a ``linesAndChars`` grid with a negative charSpace as
    14 characters a line, Word and WPS read both alike."""
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(g.LINE / g.PT * 20)))
    grid.attrib.pop(qn("w:charSpace"), None)


# 三号 characters at this spacing (in twentieths of a point, rounded down) make 28 to the
# 版心's 156 mm in Word, WPS and LibreOffice alike: 28 × (16 pt − 0.25 pt) = 155.6 mm.
GRID_SPACING = math.floor((g.CHAR / g.PT - g.SIZE_3) * 20)
# Children that follow w:spacing in w:rPr (schema order).
SPACING_SUCCESSORS = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip


def paragraph_flag(ppr: Any, tag: str, value: bool) -> None:
    """An on/off paragraph property (w:snapToGrid, w:autoSpaceDE …) in schema order."""
    element = ppr.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        successors = PBDR_SUCCESSORS[PBDR_SUCCESSORS.index(tag) + 1 :]
        ppr.insert_element_before(element, *successors)
    element.set(qn("w:val"), "1" if value else "0")


def no_autospace(ppr: Any) -> None:
    """No extra space between Chinese and Latin letters or digits (Word's and LibreOffice's
    “自动调整中文与西文、数字的间距”): the PDF sets none, and it would push “2027年” lines
    past 28 字."""
    paragraph_flag(ppr, "w:autoSpaceDE", False)
    paragraph_flag(ppr, "w:autoSpaceDN", False)


def character_spacing(rpr: Any, twentieths: int) -> None:
    """字符间距 (w:spacing, in twentieths of a point) of a run or a style."""
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.insert_element_before(spacing, *SPACING_SUCCESSORS)
    spacing.set(qn("w:val"), str(twentieths))


def first_line_chars(paragraph: Paragraph, chars: float) -> None:
    """First-line indent (negative: hanging) in 字, in Word's character units as well."""
    paragraph.paragraph_format.first_line_indent = Mm(chars * g.CHAR)
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    if chars >= 0:
        ind.set(qn("w:firstLineChars"), str(round(chars * 100)))
    else:
        ind.set(qn("w:hangingChars"), str(round(-chars * 100)))


def _eighths(mm: float) -> str:
    """A line width in eighths of a point, within Word's range."""
    return str(max(2, min(96, round(mm / g.PT * 8))))


def _line(side: str, style: str, mm: float, space_mm: float, color: str) -> Any:
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), style)
    line.set(qn("w:sz"), _eighths(mm))
    line.set(qn("w:space"), str(round(space_mm / g.PT)))
    line.set(qn("w:color"), color)
    return line


def paragraph_border(
    paragraph: Paragraph, side: str, style: str, mm: float, *, space_mm: float = 0.0
) -> None:
    """A red line above or below a paragraph, as wide as the paragraph."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *PBDR_SUCCESSORS)
    borders.append(_line(side, style, mm, space_mm, "FF0000"))


def widen(paragraph: Paragraph) -> None:
    """Stretch a paragraph (and so its border) to the 信函 lines' 170 mm."""
    overhang = Mm((g.LETTER_RULE_LENGTH - g.TYPE_WIDTH) / 2)
    paragraph.paragraph_format.left_indent = -overhang
    paragraph.paragraph_format.right_indent = -overhang


def cell_border(cell: _Cell, side: str, mm: float) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    borders = tcpr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tcpr.insert_element_before(borders, *TCBORDERS_SUCCESSORS)
    for old in borders.findall(qn(f"w:{side}")):
        borders.remove(old)
    line = _line(side, "single", mm, 0.0, "000000")
    if side == "top":  # w:top precedes w:bottom
        borders.insert(0, line)
    else:
        borders.append(line)


def page_field(runs: list[Run]) -> None:
    """Turn four empty runs into the field { PAGE } (begin, instruction, separate, end)."""
    kinds = ("begin", "instr", "separate", "end")
    for run, kind in zip(runs, kinds, strict=True):
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        if kind == "separate":
            text = OxmlElement("w:t")
            text.text = "1"
            run._r.append(text)


def float_at_bottom(table: Table) -> None:
    """156 mm wide, without a style's borders, anchored to the bottom of the 版心 of the
    page it falls on (Word: 文字环绕 → 定位 → 垂直 底端 相对于 页边距)."""
    tblpr = table._tbl.tblPr
    position = OxmlElement("w:tblpPr")
    for key, value in {
        "w:leftFromText": "0",
        "w:rightFromText": "0",
        "w:vertAnchor": "margin",
        "w:horzAnchor": "margin",
        "w:tblpYSpec": "bottom",
        "w:tblpXSpec": "center",
    }.items():
        position.set(qn(key), value)
    tblpr.insert(0, position)
    width = tblpr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tblpr.append(width)
    width.set(qn("w:w"), str(round(g.TYPE_WIDTH / g.PT * 20)))
    width.set(qn("w:type"), "dxa")
    style = tblpr.find(qn("w:tblStyle"))
    if style is not None:
        tblpr.remove(style)
