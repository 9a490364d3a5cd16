"""Line composition for the PDF: where each line of a block of text breaks, and the letter
spacing that makes every full line fill its measure (两端对齐).

WeasyPrint justifies only at spaces, which Chinese text has none of, so the PDF renderer
breaks the lines itself and sets each one with its own letter spacing:

- a line holds as many units as fit at the grid's spacing (28 字 to 156 mm);
- numbers and Latin words (2027, 0000-12345678, 1.5, 9:30) are one unit, never split;
- 避头尾: no line starts with closing punctuation (，。、；：？！）》” …) and none ends with
  opening punctuation (（《“ …); the unit before is pushed to the next line with it (推出);
- every line but a paragraph's last gets the spacing that brings its last character to the
  measure's edge; a last line keeps the grid's spacing.

Widths come from the fonts' own advance widths (``fonts.advances``), so half-width digits,
“1. ” and the like are measured as the PDF will draw them."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from govoa.documents.rendering import geometry as g

# Characters that may not begin a line (避头) and that may not end one (避尾).
NO_START = frozenset("，。、；：？！）】》」』〕〉”’…—·%‰℃ ,.;:?!)]}")
NO_END = frozenset("（【《「『“‘〔〈([{")
# One unit: a number or Latin word with what binds it (1.5, 9:30, 0000-1234, 40%), a pair of
# 省略号 or 破折号, or any single character.
_UNIT = re.compile(r"[0-9A-Za-z]+(?:[.:/\-–][0-9A-Za-z]+)*%?|……|——|.", re.S)

Advance = Callable[[str, str], float]  # (character, face) → advance width in em


@dataclass(frozen=True)
class Span:
    """A run of text in one face (仿宋, 黑体, 楷体 …)."""

    text: str
    face: str = "仿宋"


@dataclass(frozen=True)
class Line:
    """One composed line: its spans and the letter spacing (mm) it is set with."""

    spans: tuple[Span, ...]
    spacing: float
    full: bool  # not the block's last line: it fills the measure

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class _Unit:
    text: str
    face: str
    width: float  # mm, without letter spacing

    @property
    def start_forbidden(self) -> bool:
        return self.text[0] in NO_START

    @property
    def end_forbidden(self) -> bool:
        return self.text[-1] in NO_END


def _units(spans: Sequence[Span], size: float, advance: Advance, measure: float) -> list[_Unit]:
    em = size * g.PT
    units = []
    for span in spans:
        for match in _UNIT.finditer(span.text.replace("\n", "")):
            text = match.group(0)
            width = sum(advance(char, span.face) for char in text) * em
            if width > measure:  # a Latin run longer than a line (a URL): split it anywhere
                units += [_Unit(c, span.face, advance(c, span.face) * em) for c in text]
            else:
                units.append(_Unit(text, span.face, width))
    return units


def _fits(units: Sequence[_Unit], measure: float, spacing: float) -> bool:
    """At the grid's spacing, counted after every character (28 × 字 = 156 mm)."""
    chars = sum(len(unit.text) for unit in units)
    return sum(unit.width for unit in units) + chars * spacing <= measure + 1e-6


def _break_at(candidate: Sequence[_Unit]) -> int:
    """Where to end a line that cannot take its last unit: the last place where the next
    line's first unit may start a line and this line's last unit may end one (推出); right
    before the last unit when there is none."""
    for cut in range(len(candidate) - 1, 0, -1):
        if not candidate[cut].start_forbidden and not candidate[cut - 1].end_forbidden:
            return cut
    return len(candidate) - 1


def _spans(units: Sequence[_Unit]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for unit in units:
        if spans and spans[-1].face == unit.face:
            spans[-1] = Span(spans[-1].text + unit.text, unit.face)
        else:
            spans.append(Span(unit.text, unit.face))
    return tuple(spans)


def _justified(units: Sequence[_Unit], measure: float, spacing: float) -> float:
    """The spacing that puts the last character's edge on the measure's edge."""
    trimmed = list(units)
    while len(trimmed) > 1 and trimmed[-1].text.isspace():
        trimmed.pop()
    chars = sum(len(unit.text) for unit in trimmed)
    if chars < 2:
        return spacing
    return (measure - sum(unit.width for unit in trimmed)) / (chars - 1)


def compose(
    spans: Sequence[Span],
    *,
    measure: float,
    advance: Advance,
    first_measure: float | None = None,
    size: float = g.SIZE_3,
    spacing: float | None = None,
) -> list[Line]:
    """``spans`` broken into lines ``measure`` mm wide (the first ``first_measure`` wide, for
    a first-line indent), each full line justified. ``spacing`` is the grid's letter spacing
    (default: 28 字 of 三号 to the 版心's width)."""
    base = g.CHAR - g.SIZE_3 * g.PT if spacing is None else spacing
    units = _units(spans, size, advance, measure)
    rows: list[list[_Unit]] = []
    line: list[_Unit] = []
    for unit in units:
        width = measure if rows else (first_measure or measure)
        if not line or _fits([*line, unit], width, base):
            line.append(unit)
            continue
        candidate = [*line, unit]
        cut = _break_at(candidate)
        rows.append(candidate[:cut])
        line = candidate[cut:]
    if line or not rows:
        rows.append(line)
    lines = []
    for index, row in enumerate(rows):
        width = measure if index else (first_measure or measure)
        full = index < len(rows) - 1
        lines.append(Line(_spans(row), _justified(row, width, base) if full else base, full))
    return lines
