"""Marks drawn onto PDFs: the 归档章 on the first page of a 件 (DA/T 22-2015 附录: 2 rows of
3 cells, 45 mm × 16 mm, at the top, in red), and the reader's watermark (name and time) on
every page of a loan view. Each mark is typeset as a transparent page of the same size and
merged onto the original page, whose own content is left as it was."""

import io
from collections.abc import Sequence
from html import escape

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from govoa.documents.rendering.pdf import html_to_pdf

STAMP_CSS = """
.stamp { position: absolute; top: 8mm; right: 18mm; border-collapse: collapse;
  color: #c00000; font: 8pt "宋体"; }
.stamp td { border: 0.4mm solid #c00000; width: 15mm; height: 8mm; text-align: center;
  vertical-align: middle; padding: 0; line-height: 1.1; }
.stamp small { display: block; font-size: 6pt; }
"""
WATERMARK_CSS = """
.mark { position: absolute; color: rgba(120, 120, 120, 0.28); font: 16pt "黑体";
  transform: rotate(-30deg); white-space: nowrap; }
"""


class NotAPdf(Exception):
    """The file cannot be read as a PDF (nothing is drawn on it)."""


def _reader(content: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(content))
        if not reader.pages:
            raise NotAPdf()
        return reader
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise NotAPdf() from exc


def page_count(content: bytes) -> int:
    try:
        return len(_reader(content).pages)
    except NotAPdf:
        return 0


def _overlay(width: float, height: float, css: str, body: str) -> PdfReader:
    html = (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><style>"
        f"@page {{ size: {width:.2f}pt {height:.2f}pt; margin: 0; }} body {{ margin: 0; }}"
        f"{css}</style></head><body>{body}</body></html>"
    )
    return PdfReader(io.BytesIO(html_to_pdf(html)))


def _size(page: object) -> tuple[float, float]:
    box = page.mediabox  # type: ignore[attr-defined]
    return float(box.width), float(box.height)


def stamp_first_page(content: bytes, cells: Sequence[tuple[str, str]]) -> bytes:
    """``content`` with the 归档章 on its first page: ``cells`` are six (label, value)
    pairs, top row then bottom row. Raises ``NotAPdf``."""
    writer = PdfWriter(clone_from=_reader(content))
    first = writer.pages[0]
    rows = [cells[:3], cells[3:6]]
    table = "".join(
        "<tr>"
        + "".join(f"<td><small>{escape(label)}</small>{escape(value)}</td>" for label, value in row)
        + "</tr>"
        for row in rows
    )
    overlay = _overlay(*_size(first), STAMP_CSS, f"<table class='stamp'>{table}</table>")
    first.merge_page(overlay.pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def watermark_pages(content: bytes, text: str) -> bytes:
    """``content`` with ``text`` repeated across every page. Raises ``NotAPdf``."""
    writer = PdfWriter(clone_from=_reader(content))
    overlays: dict[tuple[float, float], PdfReader] = {}
    for page in writer.pages:
        size = _size(page)
        if size not in overlays:
            marks = "".join(
                f"<div class='mark' style='left:{x}%;top:{y}%'>{escape(text)}</div>"
                for y in (12, 42, 72)
                for x in (5, 45)
            )
            overlays[size] = _overlay(*size, WATERMARK_CSS, marks)
        page.merge_page(overlays[size].pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
