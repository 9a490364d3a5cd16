"""Where the 版记 goes. Official documents are printed on both sides, and the 版记 ends the
last side: its last rule lies on the 版心's bottom edge of the document's last page, which is
an even page (the back of the last sheet). So:

- the 版记 fits under the text on an even page: it stays there;
- the text ends on an odd page: the 版记 goes alone to the following even page;
- the text fills an even page and the 版记 no longer fits: the lines of that page are set a
  little closer (GB/T 9704 7.3.5.5: 调整行距、字距), by no more than ``MIN_PITCH`` of a line;
- if that is not enough: a blank page follows and the 版记 stands alone on the even page
  after it; neither page carries a page number (7.5).

The layout is measured, not guessed: the document is laid out, the positions of its blocks
(``id`` anchors) are read from WeasyPrint's pages, and it is laid out again when the 版记
must move. A document without 版记 is laid out once."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from govoa.documents.rendering import geometry as g

PX = 25.4 / 96  # a CSS pixel in mm (WeasyPrint's anchor positions)
MIN_PITCH = 0.85  # the closest line pitch allowed on the last page, as a share of a line
# The bottom of the page area, in mm from the paper's top (see pdf._lengths).
AREA_BOTTOM = g.PAGE_HEIGHT - g.MARGIN_BOTTOM - g.HALF_LEADING


@dataclass(frozen=True)
class Placement:
    """How the template places the 版记: ``mode`` is "flow" (after the text), "next_page"
    (alone on the next page), "blank_page" (a blank page, then the 版记, both unnumbered);
    ``tight`` are the ids of the blocks set at ``pitch`` mm (mode "flow" after tightening)."""

    mode: str = "flow"
    tight: frozenset[str] = field(default_factory=frozenset)
    pitch: float = g.LINE


Render = Callable[[Placement], Any]  # lays the document out with a placement: a Document


@dataclass(frozen=True)
class _Anchor:
    page: int  # 1-based
    y: float  # mm from the paper's top


def _anchors(document: Any) -> dict[str, _Anchor]:
    """Where each element with an id begins: its first page, and its top (anchors are
    rectangles ``(x1, y1, x2, y2)`` in CSS pixels; a block split over pages has one on each)."""
    found: dict[str, _Anchor] = {}
    for number, page in enumerate(document.pages, start=1):
        for name, rectangle in page.anchors.items():
            found.setdefault(name, _Anchor(number, rectangle[1] * PX))
    return found


def place_colophon(render: Render) -> Any:
    """The laid-out document with its 版记 on an even page (see the module's docstring)."""
    document = render(Placement())
    anchors = _anchors(document)
    colophon, end = anchors.get("colophon"), anchors.get("content-end")
    if colophon is None or end is None or colophon.page % 2 == 0:
        return document
    if colophon.page == end.page:  # the text ends on an odd page
        return render(Placement("next_page"))
    tight = _tightened(anchors, end)
    if tight is not None:
        tightened = render(tight)
        if _anchors(tightened)["colophon"].page == end.page:
            return tightened
    return render(Placement("blank_page"))


def _tightened(anchors: dict[str, _Anchor], end: _Anchor) -> Placement | None:
    """Closer lines for the blocks that begin on the text's last page, so that the 版记
    fits under them; ``None`` when that would take them below ``MIN_PITCH``."""
    colophon, colophon_end = anchors["colophon"], anchors["colophon-end"]
    height = colophon_end.y - colophon.y
    blocks = {
        name: anchor
        for name, anchor in anchors.items()
        if anchor.page == end.page and name.startswith("b-")
    }
    if not blocks:
        return None
    top = min(anchor.y for anchor in blocks.values())
    shortfall = height - (AREA_BOTTOM - end.y) + 0.5  # half a millimetre to spare
    span = end.y - top
    if span <= 0:
        return None
    pitch = g.LINE * (1 - shortfall / span)
    if pitch < MIN_PITCH * g.LINE:
        return None
    return Placement("flow", frozenset(blocks), pitch)


def placement_css(placement: Placement) -> str:
    """The CSS a placement adds to the template (see ``official_document.html``): the tight
    blocks' line pitch, and their blank lines above (``.spaced``: one; the signature block:
    its own ``blank1`` or ``blank2``) at the same pitch."""
    if not placement.tight:
        return ""
    names = sorted(placement.tight)
    pitch = placement.pitch
    rules = [
        f"{', '.join(f'#{n}' for n in names)} {{ line-height: {g.fmt(pitch)}; }}",
        f"{', '.join(f'#{n}.spaced' for n in names)} {{ margin-top: {g.fmt(pitch)}; }}",
    ]
    if "b-signature" in placement.tight:
        rules.append(f"#b-signature.blank1 {{ margin-top: {g.fmt(pitch)}; }}")
        rules.append(f"#b-signature.blank2 {{ margin-top: {g.fmt(2 * pitch)}; }}")
    return "\n".join(rules)
