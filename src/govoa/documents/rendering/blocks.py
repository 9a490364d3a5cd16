"""The flowing text of the PDF, composed into lines (``compose``) for the template: 主送机关,
正文, 附件说明, 出席/请假/列席, 附注, the 附件 pages and the 版记's 抄送. Each line comes
with its CSS (letter spacing, indent) and its spans with the class of their face."""

from html import escape
from typing import Any

from govoa.documents.rendering import content
from govoa.documents.rendering import geometry as g
from govoa.documents.rendering.compose import Advance, Line, Span, compose
from govoa.documents.structure import OfficialDocument, Paragraph

HEADING_FACES = {"1": "黑体", "2": "楷体"}
FACE_CLASSES = {"仿宋": "", "黑体": "hei", "楷体": "kai"}
LABEL = 3.0  # “附件：”, “出席：”, “抄送：” in 字
NUMBER = 1.5  # “1.” … “99.” and the room after it, in 字
INDENT = 2.0  # 左空二字
SIZE_4_EM = g.SIZE_4 * g.PT


def _line(line: Line, *, left: float = 0.0, lead: str = "") -> dict[str, Any]:
    """A line for the template: ``left`` mm of indent, ``lead`` HTML before its text (a label
    and a number in boxes of fixed width)."""
    return {
        "style": f"letter-spacing:{g.fmt(line.spacing)};padding-left:{g.fmt(left)}",
        "lead": lead,
        "spans": [{"text": s.text, "cls": FACE_CLASSES.get(s.face, "")} for s in line.spans],
    }


def _box(text: str, width_chars: float, cls: str = "") -> str:
    """A label or number in an inline box of fixed width, as HTML (escaped here: the
    template prints ``lead`` as it is)."""
    return (
        f'<span class="box {cls}" style="width:{g.fmt(width_chars * g.CHAR)}">{escape(text)}</span>'
    )


def paragraph(parts: dict[str, str], advance: Advance) -> dict[str, Any]:
    """One paragraph of 正文: first line indented 2 字, wrapped lines 顶格."""
    spans = []
    if parts["head"]:
        spans.append(Span(parts["head"], HEADING_FACES.get(parts["level"], "仿宋")))
    if parts["rest"]:
        spans.append(Span(parts["rest"]))
    lines = compose(
        spans,
        measure=g.TYPE_WIDTH,
        first_measure=g.TYPE_WIDTH - INDENT * g.CHAR,
        advance=advance,
    )
    return {
        "level": parts["level"],
        "lines": [
            _line(line, left=INDENT * g.CHAR if not i else 0.0) for i, line in enumerate(lines)
        ],
    }


def paragraphs(items: tuple[Paragraph, ...], advance: Advance) -> list[dict[str, Any]]:
    return [paragraph(content.paragraph_parts(p), advance) for p in items]


def plain(text: str, advance: Advance, *, indent: float = 0.0) -> list[dict[str, Any]]:
    """A paragraph in 仿宋 whose first line is indented ``indent`` 字 (主送机关: 0, 附注: 2)."""
    if not text:
        return []
    lines = compose(
        [Span(text)],
        measure=g.TYPE_WIDTH,
        first_measure=g.TYPE_WIDTH - indent * g.CHAR,
        advance=advance,
    )
    return [_line(line, left=indent * g.CHAR if not i else 0.0) for i, line in enumerate(lines)]


def hanging(
    text: str, advance: Advance, *, left: float, lead: str, face: str = "仿宋"
) -> list[dict[str, Any]]:
    """Text whose lines all start ``left`` 字 in (回行与名称首字对齐); the first line is led by
    ``lead`` (label and number boxes), which fills the room before ``left``."""
    lines = compose([Span(text, face)], measure=g.TYPE_WIDTH - left * g.CHAR, advance=advance)
    return [
        _line(line, left=(INDENT if not i else left) * g.CHAR, lead=lead if not i else "")
        for i, line in enumerate(lines)
    ]


def attachment_notes(doc: OfficialDocument, advance: Advance) -> list[list[dict[str, Any]]]:
    """附件说明 (7.3.4): “附件：1. 名称”, later numbers under “1.”, names wrapped under the
    name's first character."""
    if not doc.attachments:
        return []
    notes = content.attachment_notes(doc)
    numbered = any(note["number"] for note in notes)
    left = INDENT + LABEL + (NUMBER if numbered else 0.0)
    items = []
    for note in notes:
        lead = _box(note["label"], LABEL)
        if numbered:
            lead += _box(note["number"], NUMBER)
        items.append(hanging(note["name"], advance, left=left, lead=lead))
    return items


def attendance(doc: OfficialDocument, advance: Advance) -> list[list[dict[str, Any]]]:
    """纪要 (10.3): “出席：” in 黑体, names in 仿宋 wrapped under the first name."""
    return [
        hanging(row["names"], advance, left=INDENT + LABEL, lead=_box(row["label"], LABEL, "hei"))
        for row in content.attendance_rows(doc)
    ]


def cc_lines(doc: OfficialDocument, advance: Advance) -> list[dict[str, Any]]:
    """版记 抄送 (7.4.2), 四号: 左右各空一字, wrapped lines under the first name."""
    text = content.cc_text(doc)
    if not text:
        return []
    lines = compose(
        [Span(text)],
        measure=g.TYPE_WIDTH - 5 * SIZE_4_EM,
        size=g.SIZE_4,
        spacing=0.0,
        advance=advance,
    )
    label = f'<span class="box" style="width:{g.fmt(3 * SIZE_4_EM)}">抄送：</span>'
    return [
        _line(line, left=SIZE_4_EM if not i else 4 * SIZE_4_EM, lead=label if not i else "")
        for i, line in enumerate(lines)
    ]
