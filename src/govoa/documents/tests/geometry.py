"""Measuring a rendered PDF with PyMuPDF, as a 文秘 measures a printout with a ruler: lines of
text (grouped by baseline) with their left and right edges in mm from the paper's left edge,
their top in mm from its top edge, their size and faces; and each page's number line."""

from collections.abc import Iterable
from dataclasses import dataclass, field

import pymupdf

MM = 72 / 25.4
TYPE_LEFT = 28.0
TYPE_RIGHT = 28.0 + 156.0  # 184 mm: the 版心's right edge
TYPE_BOTTOM = 37.0 + 225.0  # 262 mm


@dataclass
class Line:
    top: float
    x0: float
    x1: float
    size: float
    text: str
    fonts: set[str] = field(default_factory=set)

    @property
    def plain(self) -> str:
        return "".join(self.text.split())


@dataclass
class Page:
    number: int  # 1-based position in the file
    lines: list[Line]

    @property
    def body(self) -> list[Line]:
        return [line for line in self.lines if line.top < TYPE_BOTTOM]

    @property
    def folio(self) -> str | None:
        """The printed page number (“— 3 —” → "3"), or None for an unnumbered page."""
        below = [line for line in self.lines if line.top >= TYPE_BOTTOM]
        return below[0].plain.strip("—") if below else None

    @property
    def blank(self) -> bool:
        return not self.body


def read(pdf: bytes) -> list[Page]:
    pages = []
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        for index, page in enumerate(document, start=1):
            pages.append(Page(index, _lines(page)))
    return pages


def _lines(page: "pymupdf.Page") -> list[Line]:
    chars = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                for char in span["chars"]:
                    chars.append((char, span["size"], span["font"]))
    rows: dict[float, list[tuple[dict, float, str]]] = {}
    for char, size, font in chars:
        # Characters of one line share a baseline; group to 0.5 pt.
        key = round(char["origin"][1] * 2) / 2
        rows.setdefault(key, []).append((char, size, font))
    lines = []
    for _, row in sorted(rows.items()):
        row.sort(key=lambda item: item[0]["bbox"][0])
        visible = [item for item in row if not item[0]["c"].isspace()]
        if not visible:
            continue
        lines.append(
            Line(
                top=min(item[0]["bbox"][1] for item in visible) / MM,
                x0=visible[0][0]["bbox"][0] / MM,
                x1=visible[-1][0]["bbox"][2] / MM,
                size=round(max(item[1] for item in visible), 1),
                text="".join(item[0]["c"] for item in row),
                fonts={item[2] for item in visible},
            )
        )
    return lines


def body_lines(pages: Iterable[Page], size: float = 16.0) -> list[Line]:
    """Every line of ``size`` inside the 版心, in reading order across pages."""
    return [line for page in pages for line in page.body if line.size == size]


def lines_of(lines: list[Line], text: str) -> list[Line]:
    """The consecutive lines that print ``text`` (whitespace ignored)."""
    wanted = "".join(text.split())
    for start, line in enumerate(lines):
        if not line.plain or not wanted.startswith(line.plain):
            continue
        joined, end = "", start
        while end < len(lines) and len(joined) < len(wanted):
            joined += lines[end].plain
            end += 1
        if joined == wanted:
            return lines[start:end]
    raise AssertionError(f"not printed as consecutive lines: {text!r}")
