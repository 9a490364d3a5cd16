"""Text helpers the rules share: what counts as Chinese, places in the document, lists of
organs, dates as GB/T 9704 writes them, Chinese numerals, short quotations for messages, and
the notes that several rules carry."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from govoa.documents.bodytext import parse_body, parse_organs
from govoa.documents.checker.types import CheckInput
from govoa.documents.structure import Layout, Paragraph

LAYOUT_NAMES = {
    Layout.STANDARD: "文件格式",
    Layout.LETTER: "信函格式",
    Layout.ORDER: "命令（令）格式",
    Layout.MINUTES: "纪要格式",
}

IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese punctuation and full-width forms (not the ideographic space U+3000).
CHINESE_MARKS = "\u3001-\u303f\uff01-\uff65\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
CHINESE = re.compile(f"[{IDEOGRAPHS}{CHINESE_MARKS}]")
CHINESE_NUMERALS = "〇零○一二三四五六七八九十"

# The note of every rule that rests on 条例 第十五条 (body and recipients rules alike).
ARTICLE_15_NOTE = "第十五条（向上级机关行文）的条号在 standards.md 中标为【条号待核】。"

# ASCII digits only: Python's \d also matches full-width and other scripts' digits.
DATE = re.compile(r"^([0-9]{4})年([1-9]|1[0-2])月([1-9]|[12][0-9]|3[01])日$")


def is_chinese(char: str) -> bool:
    return bool(char) and CHINESE.match(char) is not None


def title_text(subject: CheckInput) -> str:
    """The title on one line: the drafter may break it where it should wrap (词意完整)."""
    return "".join(line.strip() for line in subject.document.title.splitlines())


def body_paragraphs(subject: CheckInput) -> tuple[Paragraph, ...]:
    """The 正文 as typed when there is one, else as the document holds it."""
    if subject.raw_body.strip():
        return parse_body(subject.raw_body)
    return subject.document.body


def body_place(index: int) -> str:
    return f"正文第{index}段"


def note_item_place(index: int) -> str:
    """The place of the ``index``-th item (from 1) of the 附件说明."""
    return f"附件说明第{index}项"


def organ_names(items: Iterable[str]) -> list[str]:
    return [name for item in items for name in parse_organs(item)]


def parse_date(text: str) -> date | None:
    match = DATE.match(text.strip())
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_problem(label: str, text: str) -> str | None:
    """What is wrong with ``text`` as a date written like 2026年7月1日 (GB/T 9704 7.3.5.4,
    7.4.3), as a message about the ``label`` (成文日期, 印发日期); None when it is right."""
    value = text.strip()
    if parse_date(value):
        return None
    rule = "应用阿拉伯数字将年、月、日标全，年份标全称，月、日不编虚位，如“2026年7月1日”"
    match = re.match(r"^([0-9]+)年([0-9]+)月([0-9]+)日$", value)
    if re.search(f"[{CHINESE_NUMERALS}]", value):
        reason = "用了汉字数字"
    elif re.search("[０-９]", value):
        reason = "用了全角数字"
    elif match and len(match.group(1)) != 4:
        reason = "年份没有标全称"
    elif match and (match.group(2).startswith("0") or match.group(3).startswith("0")):
        year, month, day = match.groups()
        return f"{label}“{value}”的月、日不编虚位，应写作“{year}年{int(month)}月{int(day)}日”。"
    elif match:
        reason = "不是有效的日期"
    else:
        reason = "写法不规范"
    return f"{label}“{value}”{reason}：{rule}。"


_DIGIT_VALUES = {
    "〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip


def chinese_numeral(text: str) -> int | None:
    """一 … 九十九 as an integer; None for anything else."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        ten = _DIGIT_VALUES.get(tens) if tens else 1
        one = _DIGIT_VALUES.get(ones) if ones else 0
        if ten is None or one is None or "十" in ones:
            return None
        return ten * 10 + one
    if len(text) == 1:
        return _DIGIT_VALUES.get(text)
    return None


def to_chinese_numeral(number: int) -> str:
    """1 … 999 written 一 … 九百九十九 (the ordinals of headings); larger ones in digits."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        if rest == 0:
            return f"{digits[hundreds]}百"
        if rest < 10:
            return f"{digits[hundreds]}百零{digits[rest]}"
        tens, ones = divmod(rest, 10)
        return f"{digits[hundreds]}百{digits[tens]}十" + (digits[ones] if ones else "")
    return str(number)


def excerpt(text: str, start: int, end: int, width: int = 6) -> str:
    """The text around ``text[start:end]``, for quoting in a message."""
    left, right = max(0, start - width), min(len(text), end + width)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def shorten(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def ending(text: str, limit: int = 16) -> str:
    """The end of ``text``, for messages about how it ends."""
    return text if len(text) <= limit else "…" + text[-limit:]


def unbalanced_marks(text: str) -> list[str]:
    """The paired marks (“” （） 《》 〔〕 【】 ‘’) that are not closed, or closed without being
    opened, in order of appearance; e.g. ["“", "）"]."""
    pairs = {"“": "”", "（": "）", "《": "》", "〔": "〕", "【": "】", "‘": "’"}
    closers = {close: open_ for open_, close in pairs.items()}
    stack: list[str] = []
    stray: list[str] = []
    for char in text:
        if char in pairs:
            stack.append(char)
        elif char in closers:
            if stack and stack[-1] == closers[char]:
                stack.pop()
            elif closers[char] in stack:
                # Crossed pairs such as 《（》）: report the inner opener left open.
                while stack and stack[-1] != closers[char]:
                    stray.append(stack.pop())
                stack.pop()
            else:
                stray.append(char)
    return stray + stack


@dataclass(frozen=True)
class NoteItem:
    """One item of 附件说明: its number as typed ("1." or "" when unnumbered) and name."""

    number: str
    name: str


# A number at the start of an item: 1. 1．1、(1)（1）. Bare digits need a separator, so that
# a name such as 2027年重点项目清单 is not read as item 2027, and an ASCII point or comma
# must not be followed by a digit (1.5万吨…).
_ITEM_NUMBER = re.compile(
    r"^(?:[（(][0-9]{1,2}[)）]|[0-9]{1,2}(?:[.,](?![0-9])|[．、，:：)）])|[0-9]{1,2}(?=\s))\s*"
)
NOTE_PREFIX = re.compile(r"^附件\s*[：:]?\s*")


def attachment_note_items(subject: CheckInput) -> list[NoteItem]:
    """The items of 附件说明: from ``raw_attachment_note`` when typed, else the names in
    ``document.attachments`` (which the renderer numbers)."""
    raw = subject.raw_attachment_note.strip()
    if not raw:
        return [NoteItem("", note.name.strip()) for note in subject.document.attachments]
    lines = [line.strip() for line in NOTE_PREFIX.sub("", raw, count=1).splitlines()]
    items = []
    for line in filter(None, lines):
        line = re.sub(r"^附件\s*(?=[0-9])", "", line)  # 附件2：名称 on a later line
        match = _ITEM_NUMBER.match(line)
        number = match.group(0).strip() if match else ""
        items.append(NoteItem(number, line[match.end() :].strip() if match else line))
    return items


def text_places(subject: CheckInput) -> Iterator[tuple[str, str, int]]:
    """Where Chinese text is typed: (place, text, length of a heading number at its start,
    which the heading rules check instead)."""
    document = subject.document
    yield "标题", title_text(subject), 0
    if document.recipients:
        yield "主送机关", "、".join(item.strip() for item in document.recipients), 0
    for index, paragraph in enumerate(body_paragraphs(subject), start=1):
        number = paragraph.number if paragraph.text.startswith(paragraph.number) else ""
        yield body_place(index), paragraph.text, len(number)
    for index, item in enumerate(attachment_note_items(subject), start=1):
        yield note_item_place(index), item.name, 0
    if document.note.strip():
        yield "附注", document.note.strip(), 0
    if document.cc:
        yield "抄送机关", "、".join(item.strip() for item in document.cc), 0


@dataclass(frozen=True)
class CitedNumber:
    """A 发文字号 written in a text (国办发〔2025〕5号), whatever its year brackets; ``start``
    is where its 机关代字 begins, ``brackets`` the positions of the two brackets."""

    start: int
    end: int
    prefix: str
    opening: str
    year: str
    closing: str
    serial: str

    @property
    def brackets(self) -> tuple[int, int]:
        opening_at = self.start + len(self.prefix)
        return opening_at, opening_at + 1 + len(self.year)

    @property
    def written(self) -> str:
        return f"{self.prefix}{self.opening}{self.year}{self.closing}{self.serial}号"

    @property
    def correct(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


_CITED_CORE = re.compile(r"([〔\[(（【［﹝〈<{])([0-9]{4})([〕\])）】］﹞〉>}])([1-9][0-9]*)号")
# Words that stand before a cited number but are not part of the 机关代字 (根据国办发…).
_LEAD_WORDS = re.compile(
    "^.*(根据|按照|依据|依照|参照|遵照|对照|贯彻|落实|执行|印发|转发|关于|结合|以及|见|和|及|与|或|的)"
)


def cited_numbers(text: str) -> list[CitedNumber]:
    """Every 发文字号 in ``text``: a 机关代字 of Chinese characters, a four-digit year in any
    brackets, a serial number and 号."""
    found = []
    for match in _CITED_CORE.finditer(text):
        begin = match.start()
        while (
            begin > 0
            and match.start() - begin < 12
            and re.match(f"[{IDEOGRAPHS}]", text[begin - 1])
        ):
            begin -= 1
        prefix = _LEAD_WORDS.sub("", text[begin : match.start()])
        if not prefix:
            continue
        found.append(
            CitedNumber(
                start=match.start() - len(prefix),
                end=match.end(),
                prefix=prefix,
                opening=match.group(1),
                year=match.group(2),
                closing=match.group(3),
                serial=match.group(4),
            )
        )
    return found
