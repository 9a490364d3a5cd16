"""文字、标点和数字 in the typed text (标题, 主送, 正文, 附件说明, 附注, 抄送): GB/T 9704-2012
第9章 asks for punctuation per GB/T 15834 and numbers per GB/T 15835."""

import re
from collections.abc import Iterator

from govoa.documents.checker.registry import Hit, Registrar
from govoa.documents.checker.text import (
    CHINESE_MARKS,
    IDEOGRAPHS,
    attachment_note_items,
    body_paragraphs,
    body_place,
    cited_numbers,
    excerpt,
    is_chinese,
    note_item_place,
    shorten,
    text_places,
    unbalanced_marks,
)
from govoa.documents.checker.types import CheckInput, Severity

register = Registrar("文字与标点", order=6)

CLAUSE_15834 = "GB/T 9704-2012 第9章（GB/T 15834）"
CLAUSE_15835 = "GB/T 9704-2012 第9章（GB/T 15835）"
NOTE_15834 = "standards.md 只载第9章“标点符号的用法应当符合 GB/T 15834”，未摘录 GB/T 15834 条文。"
NOTE_15835 = "standards.md 只载第9章“数字用法应当符合 GB/T 15835”，未摘录 GB/T 15835 条文。"

FULL_WIDTH = {
    ",": "，", ";": "；", ":": "：", "?": "？", "!": "！",
    "(": "（", ")": "）", '"': "“", ".": "。",
}  # fmt: skip
SPACES = re.compile(
    f"(?<=[{IDEOGRAPHS}{CHINESE_MARKS}])[ \t\u3000\u00a0]+(?=[{IDEOGRAPHS}{CHINESE_MARKS}])"
)
# 2千, 3百万, 5十: an Arabic figure with 十/百/千 (万 and 亿 are allowed: 1.5万亿元). Units
# such as 千米 千克 千瓦 千帕 千赫 千伏 千焦 千卡 are not numerals.
ARABIC_WITH_CHINESE = re.compile(r"[0-9]+(?:\.[0-9]+)?[十百千](?![米克瓦帕赫伏焦卡])")
YEAR_RUN = re.compile("[〇零○一二三四五六七八九0-9]{4}年")
SHORT_YEAR = re.compile(r"(?<![0-9])[0-9]{2}年(?=[0-9]{1,2}月)|[‘’'][0-9]{2}年")


def _ascii_marks(text: str, start: int) -> list[int]:
    """Positions of ASCII punctuation used in Chinese text; not inside 3.5, 10:30 or a URL,
    nor the year brackets of a cited 发文字号 (they take 〔〕, another rule's business)."""
    positions = []
    year_brackets = {at for cited in cited_numbers(text) for at in cited.brackets}
    for index in range(start, len(text)):
        char = text[index]
        if char not in FULL_WIDTH or index in year_brackets:
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char == ".":
            chinese = is_chinese(before) and (not after or after.isspace() or is_chinese(after))
        else:
            chinese = is_chinese(before) or is_chinese(after)
        if chinese:
            positions.append(index)
    return positions


@register(
    "GB15834-ascii-punctuation",
    title="中文里用全角标点",
    clause=CLAUSE_15834,
    note=NOTE_15834,
)
def ascii_punctuation(subject: CheckInput) -> Iterator[Hit]:
    for place, text, skip in text_places(subject):
        positions = _ascii_marks(text, skip)
        if not positions:
            continue
        first = positions[0]
        char = text[first]
        more = f"（共{len(positions)}处）" if len(positions) > 1 else ""
        fix = "全角引号“”" if char == '"' else f"全角“{FULL_WIDTH[char]}”"
        yield Hit(
            place,
            f"“{excerpt(text, first, first + 1)}”中的半角“{char}”应改为{fix}{more}。",
        )


@register(
    "GB15834-body-paired-marks",
    title="正文和附件说明中的引号、括号、书名号成对",
    clause=CLAUSE_15834,
    note=NOTE_15834 + " 按段检查：跨段的引文会被报出。",
)
def body_paired_marks(subject: CheckInput) -> Iterator[Hit]:
    places = [(body_place(i), p.text) for i, p in enumerate(body_paragraphs(subject), start=1)]
    places += [
        (note_item_place(i), item.name)
        for i, item in enumerate(attachment_note_items(subject), start=1)
    ]
    for place, text in places:
        stray = unbalanced_marks(text)
        if stray:
            marks = "”“".join(stray)
            yield Hit(place, f"“{shorten(text)}”中的“{marks}”不成对，请补全或删去。")


@register(
    "GB15834-spaces",
    title="中文之间不留空格",
    clause=CLAUSE_15834,
    severity=Severity.WARNING,
    note=NOTE_15834 + " 空格多为排版时误加；首行缩进由系统排版，不要用空格。",
)
def spaces(subject: CheckInput) -> Iterator[Hit]:
    places = list(text_places(subject))
    if subject.document.doc_number.strip():
        places.insert(1, ("发文字号", subject.document.doc_number.strip(), 0))
    for place, text, _ in places:
        match = SPACES.search(text)
        if match:
            yield Hit(
                place,
                f"“{excerpt(text, match.start(), match.end())}”中的汉字之间有空格，请删去。",
            )


@register(
    "GB15835-mixed-numerals",
    title="一个数不混用阿拉伯数字和汉字数字",
    clause=CLAUSE_15835,
    note=NOTE_15835 + " “万”“亿”可与阿拉伯数字连用（如1.5万亿元）。",
)
def mixed_numerals(subject: CheckInput) -> Iterator[Hit]:
    for place, text, _ in text_places(subject):
        figure = ARABIC_WITH_CHINESE.search(text)
        if figure:
            yield Hit(
                place,
                f"“{figure.group(0)}”混用了阿拉伯数字和汉字数字：一个数应全用阿拉伯数字"
                "（如“2000”），或全用汉字（如“两千”）；“万”“亿”可与阿拉伯数字连用。",
            )
        for year in YEAR_RUN.finditer(text):
            run = year.group(0)
            if re.search("[0-9]", run) and re.search("[〇零○一二三四五六七八九]", run):
                yield Hit(place, f"年份“{run}”混用了阿拉伯数字和汉字数字，应写作“2026年”的形式。")
                break


@register(
    "GB15835-full-width-percent",
    title="百分号用半角“%”",
    clause=CLAUSE_15835,
    severity=Severity.WARNING,
    note=NOTE_15835,
)
def full_width_percent(subject: CheckInput) -> Iterator[Hit]:
    for place, text, _ in text_places(subject):
        index = text.find("％")
        if index >= 0:
            yield Hit(
                place,
                f"“{excerpt(text, index, index + 1)}”中的全角百分号“％”宜改为半角“%”。",
            )


@register(
    "GB15835-full-width-digits",
    title="阿拉伯数字用半角",
    clause=CLAUSE_15835,
    severity=Severity.WARNING,
    note=NOTE_15835,
)
def full_width_digits(subject: CheckInput) -> Iterator[Hit]:
    for place, text, _ in text_places(subject):
        match = re.search("[０-９]+", text)
        if match:
            half = match.group(0).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
            yield Hit(place, f"全角数字“{match.group(0)}”宜改为半角“{half}”。")


@register(
    "GB15835-year-full",
    title="年份写全称，不简写",
    clause=CLAUSE_15835,
    note=NOTE_15835 + " 只查“26年7月”“’26年”这类明确是年份的写法。",
)
def year_full(subject: CheckInput) -> Iterator[Hit]:
    for place, text, _ in text_places(subject):
        match = SHORT_YEAR.search(text)
        if match:
            short = match.group(0)
            yield Hit(
                place,
                f"年份“{short}”不能简写，应写全称，如“2026年”"
                f"（“{excerpt(text, *match.span())}”）。",
            )
