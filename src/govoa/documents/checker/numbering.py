"""发文字号: 发文机关代字〔年份〕序号号 (GB/T 9704-2012 7.2.5; 条例 第九条（五）), and the
令号 of the 命令（令）格式 (10.2). 纪要 carry no 发文字号 of this form and are skipped."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from govoa.documents.checker.registry import Hit, Registrar
from govoa.documents.checker.types import CheckInput
from govoa.documents.structure import Layout

register = Registrar("发文字号", order=2)

PLACE = "发文字号"
EXAMPLE = "国办发〔2012〕14号"
_LEFT = "〔【[(（〈<﹝{《［"
_RIGHT = "〕】])）〉>﹞}》］"
_YEAR = re.compile(f"([{re.escape(_LEFT)}])([^{re.escape(_RIGHT)}]*)([{re.escape(_RIGHT)}])")
_NUMBERED_LAYOUTS = (Layout.STANDARD, Layout.LETTER)


@dataclass(frozen=True)
class _Parts:
    """A 发文字号 cut at its year brackets: 测发改发 〔 2026 〕 12号."""

    prefix: str
    opening: str
    year: str
    closing: str
    tail: str


def _number(subject: CheckInput) -> str:
    """The 发文字号 without spaces (the spaces rule reports them), or "" when the layout has
    no 发文字号 of this form or it is not filled in yet."""
    if subject.document.layout not in _NUMBERED_LAYOUTS:
        return ""
    return re.sub(r"\s", "", subject.document.doc_number)


def _parts(number: str) -> _Parts | None:
    match = _YEAR.search(number)
    if not match:
        return None
    return _Parts(
        prefix=number[: match.start()],
        opening=match.group(1),
        year=match.group(2),
        closing=match.group(3),
        tail=number[match.end() :],
    )


@register(
    "GB9704-7.2.5-doc-number-missing",
    title="核稿起应有发文字号（命令为令号）",
    clause="《党政机关公文处理工作条例》第九条（五）；GB/T 9704-2012 7.2.5、10.2",
)
def doc_number_missing(subject: CheckInput) -> Iterator[Hit]:
    layout = subject.document.layout
    if not subject.numbered or layout == Layout.MINUTES or subject.document.doc_number.strip():
        return
    if layout == Layout.ORDER:
        yield Hit("令号", "缺少令号，如“第12号”。")
    else:
        yield Hit(PLACE, f"缺少发文字号，应由发文机关代字、年份和发文顺序号组成，如“{EXAMPLE}”。")


@register(
    "GB9704-7.2.5-doc-number-brackets",
    title="发文字号的年份用六角括号〔〕括入",
    clause="GB/T 9704-2012 7.2.5",
)
def doc_number_brackets(subject: CheckInput) -> Iterator[Hit]:
    number = _number(subject)
    if not number:
        return
    parts = _parts(number)
    if parts is None:
        yield Hit(PLACE, f"发文字号“{number}”的年份应用六角括号“〔〕”括入，如“{EXAMPLE}”。")
    elif (parts.opening, parts.closing) != ("〔", "〕"):
        yield Hit(
            PLACE,
            f"发文字号“{number}”中的“{parts.opening}{parts.closing}”应改为六角括号“〔〕”"
            "（不是方头括号【】、方括号[]、圆括号（）或尖括号〈〉）。",
        )


@register(
    "GB9704-7.2.5-doc-number-year",
    title="发文字号的年份标全称（四位阿拉伯数字）",
    clause="GB/T 9704-2012 7.2.5",
)
def doc_number_year(subject: CheckInput) -> Iterator[Hit]:
    parts = _parts(_number(subject))
    if parts and not re.fullmatch("(19|20)[0-9]{2}", parts.year):
        yield Hit(
            PLACE,
            f"发文字号中的年份“{parts.year}”应标全称，用四位阿拉伯数字，如“〔2026〕”。",
        )


@register(
    "GB9704-7.2.5-doc-number-no-di",
    title="发文顺序号不加“第”字",
    clause="GB/T 9704-2012 7.2.5",
)
def doc_number_no_di(subject: CheckInput) -> Iterator[Hit]:
    parts = _parts(_number(subject))
    if parts and "第" in parts.tail:
        yield Hit(
            PLACE, f"发文顺序号不加“第”字：“{parts.tail}”应写作“{parts.tail.replace('第', '')}”。"
        )


@register(
    "GB9704-7.2.5-doc-number-no-padding",
    title="发文顺序号不编虚位",
    clause="GB/T 9704-2012 7.2.5",
)
def doc_number_no_padding(subject: CheckInput) -> Iterator[Hit]:
    parts = _parts(_number(subject))
    match = re.match("第?([0-9]+)", parts.tail) if parts else None
    if match and len(match.group(1)) > 1 and match.group(1).startswith("0"):
        digits = match.group(1)
        yield Hit(
            PLACE,
            f"发文顺序号不编虚位（即 1 不编为 01）：“{digits}号”应写作“{int(digits)}号”。",
        )


@register(
    "GB9704-7.2.5-doc-number-sequence",
    title="发文顺序号用阿拉伯数字，其后加“号”字",
    clause="GB/T 9704-2012 7.2.5",
)
def doc_number_sequence(subject: CheckInput) -> Iterator[Hit]:
    parts = _parts(_number(subject))
    if parts is None:
        return
    tail = parts.tail.removeprefix("第")
    match = re.fullmatch("([0-9]+)号", tail)
    if match and int(match.group(1)) > 0:
        return
    if not tail:
        problem = "年份后缺少发文顺序号"
    elif re.match("[0-9]+$", tail):
        problem = f"发文顺序号“{tail}”后应加“号”字"
    elif re.match("[0-9]+号.", tail):
        problem = f"“号”字后不应再有其他文字：“{tail}”"
    else:
        problem = f"发文顺序号“{tail}”应使用大于0的半角阿拉伯数字，后加“号”字"
    yield Hit(PLACE, f"{problem}，如“{EXAMPLE}”。")


@register(
    "REG-9-doc-number-agency-code",
    title="发文字号以发文机关代字开头",
    clause="《党政机关公文处理工作条例》第九条（五）",
    note="联合行文使用主办机关的发文字号，调用方应传入主办机关的代字。",
)
def doc_number_agency_code(subject: CheckInput) -> Iterator[Hit]:
    number = _number(subject)
    if not number:
        return
    parts = _parts(number)
    prefix = parts.prefix if parts else re.split("[0-9]", number, maxsplit=1)[0]
    code = subject.agency_code.strip()
    if not prefix:
        yield Hit(PLACE, f"发文字号“{number}”缺少发文机关代字，如“{EXAMPLE}”中的“国办发”。")
    elif code and not number.startswith(code):
        yield Hit(PLACE, f"发文字号“{number}”应以本机关代字“{code}”开头。")


@register(
    "GB9704-10.2-order-number",
    title="令号写作“第×号”",
    clause="GB/T 9704-2012 10.2",
    note="standards.md 只载“标志下空二行居中编排令号”；“第×号”为通行写法【待核】。",
)
def order_number(subject: CheckInput) -> Iterator[Hit]:
    if subject.document.layout != Layout.ORDER:
        return
    number = re.sub(r"\s", "", subject.document.doc_number)
    if number and not re.fullmatch("第[1-9][0-9]*号", number):
        yield Hit("令号", f"令号“{number}”应写作“第12号”的形式（半角阿拉伯数字，不编虚位）。")
