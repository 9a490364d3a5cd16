"""GB/T 9704-2012 figures and the arithmetic that places the 版头 (header) elements.

Shared by the PDF and the DOCX renderer. All lengths are millimetres. Vertical positions are
measured from the top of the 版心 (type area), 37 mm below the paper's top edge, and give the
top of a character's em box: that is what a ruler on the printed page measures, so the first
character of a full page stands exactly 37 mm below the paper's edge (天头)."""

import math
from dataclasses import dataclass
from unicodedata import east_asian_width

from govoa.documents.structure import Layout, OfficialDocument

PT = 25.4 / 72  # one typographic point in mm

PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
MARGIN_TOP = 37.0  # 天头
MARGIN_BOTTOM = 35.0
MARGIN_LEFT = 28.0  # 订口
MARGIN_RIGHT = 26.0
TYPE_WIDTH = 156.0  # 版心
TYPE_HEIGHT = 225.0
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# Chinese type sizes (字号) in points.
SIZE_2 = 22.0  # 二号: 标题
SIZE_3 = 16.0  # 三号: everything else unless said otherwise
SIZE_4 = 14.0  # 四号: 版记, 页码

BODY = SIZE_3 * PT  # height of a 三号 character, 5.644 mm
# One 行: 225 mm / 22, rounded down so that 22 lines never overflow the 版心.
LINE = math.floor(TYPE_HEIGHT / LINES_PER_PAGE * 1000) / 1000  # 10.227
# One 字: 156 mm / 28. The letter spacing that gives it is 156/28 mm − 16 pt = −0.073 mm,
# rounded down to −0.08 mm: the text engine rounds advances to 1/1024 pt, and −0.073 mm
# lets that rounding push the 28th character onto the next line.
CHAR = TYPE_WIDTH / CHARS_PER_LINE  # 5.5714
LETTER_SPACING = -0.08
# A line box is LINE high and its character is centred in it; the page area starts this much
# above the 版心 so that the character of line k stands at k × LINE below the 版心's top.
HALF_LEADING = (LINE - BODY) / 2

MARK_TOP = 35.0  # 发文机关标志: its top edge below the 版心's top (7.2.4, 10.3)
ORDER_MARK_TOP = 20.0  # 命令（令）格式 (10.2)
LETTER_MARK_TOP = 30.0 - MARGIN_TOP  # 信函格式: 30 mm below the paper's top edge (10.1)
RULE_GAP = 4.0  # 版头分隔线 below the 发文字号; 信函 double line below the mark
HEADER_RULE = 0.5  # thickness of the red 版头分隔线 (the standard leaves it open)
COLOPHON_THICK = 0.35  # 版记 first and last rules
COLOPHON_THIN = 0.25  # 版记 rules in between
PAGE_NUMBER_GAP = 7.0  # 页码 below the 版心's bottom edge
# 信函格式 double lines: 170 mm long, centred on the 版心.
LETTER_RULE_LENGTH = 170.0
LETTER_RULE_THICK = 0.6
LETTER_RULE_THIN = 0.25
LETTER_RULE_SPACE = 0.5
LETTER_RULE_HEIGHT = LETTER_RULE_THICK + LETTER_RULE_SPACE + LETTER_RULE_THIN
LETTER_BOTTOM_RULE = PAGE_HEIGHT - 20.0 - MARGIN_TOP  # lower edge, 20 mm above the paper's edge
LETTER_FIRST_ROW_GAP = BODY * 7 / 8  # elements under the first double line (10.1)

RED = "#ff0000"
MARK_MAX_SIZE = 42.0  # 初号: the standard leaves the size of the mark to the agency
MARK_MAX_WIDTH = 0.94 * TYPE_WIDTH
DATE_PLACEHOLDER = "2026年11月23日"  # the width of a 成文日期 not yet set (a draft)


def text_width(text: str) -> float:
    """Width of ``text`` in 字: digits and Latin letters are half-width; CJK characters and
    the punctuation CJK fonts draw full-width (“ ” — ★ …) count one."""
    return sum(1.0 if east_asian_width(char) in "FWA" else 0.5 for char in text)


def mark_size(mark: str) -> float:
    """Type size (pt) of the 发文机关标志: as large as 初号, narrower than the 版心."""
    width = max(text_width(mark), 1.0)
    return round(min(MARK_MAX_SIZE, MARK_MAX_WIDTH / width / PT), 1)


def grid_line_at_or_below(position: float) -> int:
    """Index of the first grid line whose character top is at or below ``position``."""
    return math.ceil(position / LINE - 1e-6)


@dataclass(frozen=True)
class Item:
    """One element of the 版头. ``top`` is the top of its character (or rule) in 版心 terms."""

    kind: str  # copy_number, classification, urgency, mark, doc_number, signers, rule, …
    top: float
    text: str = ""
    size: float = SIZE_3  # type size in pt
    height: float = 0.0  # rules: thickness
    align: str = "left"  # left, center, right
    left: float | None = None  # a mark placed at its own left edge (joint 发文机关标志)

    @property
    def bottom(self) -> float:
        """Bottom of the character (of the last line, for 签发人) or of the rule."""
        if self.kind == "signers":
            return self.top + self.height - LINE + self.size * PT
        return self.top + (self.height or self.size * PT)


@dataclass(frozen=True)
class Header:
    """The 版头 of the first page: its items, and the grid line on which the flow begins."""

    items: tuple[Item, ...]
    first_line: int  # index of the first line of 标题 (or 正文 for 命令格式)
    # Where the flow begins when it does not begin on a grid line (信函格式: the title two
    # lines below the last element above it), in mm from the 版心's top.
    flow_top: float | None = None

    @property
    def height(self) -> float:
        """The room the 版头 takes above the flow (标题 or 正文), in mm."""
        return self.first_line * LINE if self.flow_top is None else self.flow_top

    def item(self, kind: str) -> Item | None:
        return next((item for item in self.items if item.kind == kind), None)


def corner_lines(doc: OfficialDocument) -> list[tuple[str, str]]:
    """份号, 密级和保密期限, 紧急程度: top-left, one per line, in that order (7.2.1–7.2.3)."""
    lines = []
    if doc.copy_number:
        lines.append(("copy_number", doc.copy_number))
    if doc.classification:
        period = f"★{doc.secrecy_period}" if doc.secrecy_period else ""
        lines.append(("classification", f"{doc.classification}{period}"))
    if doc.urgency:
        lines.append(("urgency", doc.urgency))
    return lines


def signer_rows(signers: tuple[str, ...]) -> list[tuple[str, ...]]:
    """签发人 names, two to a line (7.2.6)."""
    return [signers[i : i + 2] for i in range(0, len(signers), 2)] or [()]


def _space_below(bottom: float, lines: int, body_size: float = SIZE_3) -> int:
    """The grid line that leaves at least ``lines`` blank lines of white below ``bottom``."""
    centring = (LINE - body_size * PT) / 2 - HALF_LEADING  # a larger type sits higher
    return grid_line_at_or_below(bottom + lines * LINE - centring)


def header_geometry(doc: OfficialDocument) -> Header:
    """Place the 版头 per GB/T 9704 7.2 and chapter 10 (positions in mm from the 版心's top)."""
    if doc.layout == Layout.LETTER:
        return _letter_header(doc)
    items = [Item(kind, index * LINE, text) for index, (kind, text) in enumerate(corner_lines(doc))]
    mark = doc.issuer_mark
    mark_top = ORDER_MARK_TOP if doc.layout == Layout.ORDER else MARK_TOP
    size = mark_size(mark)
    mark_item = Item("mark", mark_top, mark, size=size, align="center")
    if len(doc.issuer_names) > 1:
        joint = joint_mark(doc.issuer_names, doc.issuer_word, mark_top)
        items += joint
        mark_item = max(joint, key=lambda item: item.bottom)
    elif mark:
        items.append(mark_item)
    below_mark = mark_item.bottom + 2 * LINE  # 发文字号: 空二行 below the mark
    last = mark_item
    if doc.layout == Layout.STANDARD and doc.upward:
        # 签发人 居右空一字, two names a line; the 发文字号 居左空一字 on the last line.
        rows = len(signer_rows(doc.signers))
        items.append(Item("signers", below_mark, height=rows * LINE, align="right"))
        last = Item("doc_number", below_mark + (rows - 1) * LINE, doc.doc_number)
        items.append(last)
    elif doc.doc_number:
        last = Item("doc_number", below_mark, doc.doc_number, align="center")
        items.append(last)
    if doc.layout == Layout.ORDER:
        # 令号下空二行编排正文; the 命令格式 has no 版头分隔线.
        return Header(tuple(items), _space_below(last.bottom, 2))
    rule = Item("rule", last.bottom + RULE_GAP, height=HEADER_RULE)
    items.append(rule)
    return Header(tuple(items), _space_below(rule.bottom, 2, SIZE_2))


JOINT_PITCH = 1.25  # stacked names of a joint mark: line pitch, in ems of the mark's size
JOINT_GAP = 1.0  # between the names and “文件”, in ems
JOINT_MAX_HEIGHT = 60.0  # the stack's height at most (mm): the 版头 stays on the first page


def joint_mark(names: tuple[str, ...], word: str, top: float) -> list[Item]:
    """The joint 发文机关标志 (7.2.4): the names stacked, lead first, each centred in the
    column of the widest; “文件” to their right, centred vertically on the stack; the
    whole centred in the 版心 and no wider than the mark of one agency may be."""
    widest = max(text_width(name) for name in names)
    ems = widest + (JOINT_GAP + text_width(word) if word else 0.0)
    rows = (len(names) - 1) * JOINT_PITCH + 1
    size = round(min(MARK_MAX_SIZE, MARK_MAX_WIDTH / ems / PT, JOINT_MAX_HEIGHT / rows / PT), 1)
    em = size * PT
    start = (TYPE_WIDTH - ems * em) / 2
    items = [
        Item(
            "mark",
            top + index * JOINT_PITCH * em,
            name,
            size=size,
            left=start + (widest - text_width(name)) * em / 2,
        )
        for index, name in enumerate(names)
    ]
    if word:
        middle = top + rows * em / 2
        left = start + (widest + JOINT_GAP) * em
        items.append(Item("mark", middle - em / 2, word, size=size, left=left))
    return items


def _letter_header(doc: OfficialDocument) -> Header:
    """信函格式 (10.1): mark 30 mm from the paper's top, red double lines, no 版头分隔线."""
    size = mark_size(doc.issuer_mark)
    mark = Item("mark", LETTER_MARK_TOP, doc.issuer_mark, size=size, align="center")
    items = [mark] if doc.issuer_mark else []
    # Each line of a double line is its own item: 上粗下细 under the mark, 上细下粗 at the foot.
    top_rule = Item("letter_rule", mark.bottom + RULE_GAP, height=LETTER_RULE_HEIGHT)
    bottom_top = LETTER_BOTTOM_RULE - LETTER_RULE_HEIGHT
    items += [
        Item("letter_rule", top_rule.top, height=LETTER_RULE_THICK),
        Item("letter_rule", top_rule.bottom - LETTER_RULE_THIN, height=LETTER_RULE_THIN),
        Item("letter_rule", bottom_top, height=LETTER_RULE_THIN),
        Item("letter_rule", LETTER_BOTTOM_RULE - LETTER_RULE_THICK, height=LETTER_RULE_THICK),
    ]
    first_row = top_rule.bottom + LETTER_FIRST_ROW_GAP
    last_bottom = top_rule.bottom
    corner = corner_lines(doc)
    for index, (kind, text) in enumerate(corner):
        item = Item(kind, first_row + index * LINE, text)
        items.append(item)
        last_bottom = item.bottom
    if doc.doc_number:  # flush right on the first row under the double line
        item = Item("doc_number", first_row, doc.doc_number, align="right")
        items.append(item)
        last_bottom = max(last_bottom, item.bottom)
    # 标题 与其上最后一个要素相距二行: its characters' top two lines below that element's
    # bottom, wherever that falls on the grid (the line box centres the 二号 title).
    title_top = last_bottom + 2 * LINE
    flow_top = title_top + HALF_LEADING - (LINE - SIZE_2 * PT) / 2
    return Header(tuple(items), _space_below(last_bottom, 2, SIZE_2), flow_top)


@dataclass(frozen=True)
class SignatureLayout:
    """发文机关署名 and 成文日期 (7.3.5): blank lines above, and where each line starts, in 字
    from the 版心's left edge."""

    blank_lines: int
    names_left: tuple[float, ...]
    date_left: float


def signature_layout(names: tuple[str, ...], date: str, *, sealed: bool) -> SignatureLayout:
    """With a seal (7.3.5.1): the date 4 字 from the right and each name centred over it.
    Without (7.3.5.2): the name 2 字 from the right, the date on the next line starting 2 字
    further right; a date too long for that is set 2 字 from the right and the names move
    left to keep the 2 字 offset. Joint signatories stack downwards."""
    date_width = text_width(date)
    if sealed:
        # A draft has no date yet: centre the names over where the date will stand.
        span = date_width or text_width(DATE_PLACEHOLDER)
        date_left = CHARS_PER_LINE - 4 - span
        return SignatureLayout(
            2,
            tuple(_inside(date_left + (span - text_width(name)) / 2, name) for name in names),
            CHARS_PER_LINE - 4 - date_width,
        )
    widest = max((text_width(name) for name in names), default=0.0)
    names_left = CHARS_PER_LINE - 2 - max(widest, date_width + 2 if date else 0.0)
    date_left = names_left + 2 if names else CHARS_PER_LINE - 2 - date_width
    return SignatureLayout(1, tuple(names_left for _ in names), date_left)


SEAL = 42.0  # diameter of an agency's seal (mm), as stamped (``documents.esign``)
SEAL_GAP = 1.5  # 字 between two seals of a row: they never touch (7.3.5.1)
SEALS_PER_ROW = 2
SEAL_ROW_LINES = 5  # lines from one row of 署名 to the next: a seal is 4.1 lines high


@dataclass(frozen=True)
class JointSignature:
    """联合行文 with seals (7.3.5.1): the 署名 in rows of two, each centred under its seal's
    column; the last seal (the last agency's) stands over the 成文日期 右空四字, the others
    to its left at a pitch that keeps the seals apart, and rows ``SEAL_ROW_LINES`` apart.
    ``rows``: each row's (name, left in 字); ``date_left`` in 字; ``date_line``: lines
    below the first row."""

    rows: tuple[tuple[tuple[str, float], ...], ...]
    date_left: float
    date_line: int


def joint_signature_layout(names: tuple[str, ...], date: str) -> JointSignature:
    span = text_width(date) or text_width(DATE_PLACEHOLDER)
    date_left = CHARS_PER_LINE - 4 - span
    right = date_left + span / 2  # centre of the last column, in 字
    pitch = SEAL / CHAR + SEAL_GAP
    centres = [right - (SEALS_PER_ROW - 1 - k) * pitch for k in range(SEALS_PER_ROW)]
    groups = [names[i : i + SEALS_PER_ROW] for i in range(0, len(names), SEALS_PER_ROW)]
    rows = []
    for index, group in enumerate(groups):
        # The last row's names end in the last column (its last seal presses the date).
        columns = centres[-len(group) :] if index == len(groups) - 1 else centres[: len(group)]
        rows.append(
            tuple(
                (name, _inside(c - text_width(name) / 2, name))
                for name, c in zip(group, columns, strict=True)
            )
        )
    return JointSignature(tuple(rows), date_left, (len(rows) - 1) * SEAL_ROW_LINES + 1)


def _inside(left: float, text: str) -> float:
    """``left`` moved as little as needed to keep ``text`` within the 版心."""
    return max(0.0, min(left, CHARS_PER_LINE - text_width(text)))


def order_signature_layout(name: str, title: str, date: str) -> SignatureLayout:
    """命令（令）格式 (7.3.5.3): 空二行, the signer's name 右空四字 with the post 2 字 to its
    left, then 空一行 and the date 右空四字. ``names_left`` is (post, name)."""
    name_left = CHARS_PER_LINE - 4 - text_width(name)
    title_left = name_left - 2 - text_width(title)
    return SignatureLayout(2, (title_left, name_left), CHARS_PER_LINE - 4 - text_width(date))


def fmt(value: float) -> str:
    """A length for CSS, in mm, with a dot whatever the locale."""
    return f"{value:.4f}mm"
