"""正文: its presence, the 层次序数 一、（一）1.（1） (GB/T 9704-2012 7.3.3), and what the
行文规则 say about the content of a 请示 or a 报告 (条例 第十五条（四）)."""

import re
from collections.abc import Iterator

from govoa.documents.checker.registry import Hit, Registrar
from govoa.documents.checker.text import (
    ARTICLE_15_NOTE,
    body_paragraphs,
    body_place,
    chinese_numeral,
    shorten,
    to_chinese_numeral,
)
from govoa.documents.checker.types import CheckInput, Severity
from govoa.documents.structure import Paragraph
from govoa.documents.vocabulary import DocType

register = Registrar("正文", order=5)

LEVEL_NAMES = {1: "第一层", 2: "第二层", 3: "第三层", 4: "第四层"}
STANDARD_FORMS = {
    1: re.compile("[一二三四五六七八九十]+、"),
    2: re.compile("（[一二三四五六七八九十]+）"),
    3: re.compile("[0-9]+[.．]"),
    4: re.compile("（[0-9]+）"),
}
EXAMPLES = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}

# A second matter in a 请示 (heuristic): 并请…, 同时请示…, 另请…, 一并请示…
SECOND_REQUEST = re.compile("并请|同时请示|同时请求|另请|另外请示|另外请求|一并请示")
# A request for approval in a 报告 (heuristic). 请批转 is left alone: a 呈转性报告 may ask for it.
REQUEST_IN_REPORT = re.compile("请(予)?(批准|审批|批示|批复|核准|核批)|妥否|当否")


def _headings(subject: CheckInput) -> Iterator[tuple[int, Paragraph]]:
    for index, paragraph in enumerate(body_paragraphs(subject), start=1):
        if paragraph.level:
            yield index, paragraph


def _value(paragraph: Paragraph) -> int | None:
    digits = re.sub(r"[^0-9０-９一二三四五六七八九十]", "", paragraph.number)
    if paragraph.level in (1, 2):
        return chinese_numeral(digits)
    return int(digits) if digits else None


def _written(level: int, value: int) -> str:
    number = to_chinese_numeral(value) if level in (1, 2) else str(value)
    return EXAMPLES[level].replace("一" if level in (1, 2) else "1", number)


def _form_hint(level: int) -> str:
    return {
        1: "汉字数字后加顿号“、”",
        2: "汉字数字外加全角圆括号“（）”",
        3: "半角阿拉伯数字后加下脚点“.”",
        4: "半角阿拉伯数字外加全角圆括号“（）”",
    }[level]


@register(
    "REG-9-body-missing",
    title="应有正文",
    clause="《党政机关公文处理工作条例》第九条（九）",
)
def body_missing(subject: CheckInput) -> Iterator[Hit]:
    if not body_paragraphs(subject):
        yield Hit("正文", "正文为空，请填写正文。")


@register(
    "GB9704-7.3.3-heading-form",
    title="层次序数用“一、”“（一）”“1.”“（1）”",
    clause="GB/T 9704-2012 7.3.3",
)
def heading_form(subject: CheckInput) -> Iterator[Hit]:
    for index, paragraph in _headings(subject):
        if paragraph.number and not STANDARD_FORMS[paragraph.level].fullmatch(paragraph.number):
            level = paragraph.level
            yield Hit(
                body_place(index),
                f"层次序数“{paragraph.number}”不规范，{LEVEL_NAMES[level]}应写作"
                f"“{EXAMPLES[level]}”的形式（{_form_hint(level)}）。",
            )


@register(
    "GB9704-7.3.3-heading-sequence",
    title="层次序数连续，从一开始",
    clause="GB/T 9704-2012 7.3.3",
)
def heading_sequence(subject: CheckInput) -> Iterator[Hit]:
    counters = dict.fromkeys(range(1, 5), 0)
    for index, paragraph in _headings(subject):
        level, value = paragraph.level, _value(paragraph)
        if value is None:
            continue
        expected = counters[level] + 1
        if value != expected:
            yield Hit(
                body_place(index),
                f"层次序数“{paragraph.number}”与上文不连续，"
                f"此处应为“{_written(level, expected)}”。",
            )
        counters[level] = value
        for deeper in range(level + 1, 5):
            counters[deeper] = 0


@register(
    "GB9704-7.3.3-heading-nesting",
    title="层次序数逐层使用，不越级",
    clause="GB/T 9704-2012 7.3.3",
    severity=Severity.WARNING,
    note="有的机关允许只有两层时用“一、”接“1.”；按 7.3.3 逐层使用则不会误报。",
)
def heading_nesting(subject: CheckInput) -> Iterator[Hit]:
    seen = dict.fromkeys(range(1, 5), False)
    for index, paragraph in _headings(subject):
        level = paragraph.level
        if level > 1 and not seen[level - 1] and not seen[level]:
            yield Hit(
                body_place(index),
                f"“{paragraph.number}”是{LEVEL_NAMES[level]}序数，但上文没有"
                f"{LEVEL_NAMES[level - 1]}序数“{EXAMPLES[level - 1]}”："
                "层次应按“一、（一）1.（1）”逐层使用，不越级。",
            )
        seen[level] = True
        for deeper in range(level + 1, 5):
            seen[deeper] = False


@register(
    "REG-15-request-one-matter",
    title="请示一文一事",
    clause="《党政机关公文处理工作条例》第十五条（四）",
    severity=Severity.WARNING,
    note="按“并请”“同时请示”等字样和多个以请示为题的层次判断，可能误报。" + ARTICLE_15_NOTE,
)
def request_one_matter(subject: CheckInput) -> Iterator[Hit]:
    if subject.doc_type != DocType.REQUEST:
        return
    paragraphs = body_paragraphs(subject)
    for index, paragraph in enumerate(paragraphs, start=1):
        match = SECOND_REQUEST.search(paragraph.text)
        if match:
            yield Hit(
                body_place(index),
                f"“{match.group(0)}”像是另一项请示事项（{shorten(paragraph.text)}）："
                "请示应当一文一事，另一事项请另行请示。",
            )
    asking = [i for i, p in enumerate(paragraphs, start=1) if p.level and "请示" in p.text]
    if len(asking) > 1:
        places = "、".join(f"第{i}段" for i in asking)
        yield Hit(
            "正文",
            f"正文有{len(asking)}个请示事项的标题（{places}）：请示应当一文一事，请分别行文。",
        )


@register(
    "REG-15-report-no-request",
    title="报告中不夹带请示事项",
    clause="《党政机关公文处理工作条例》第十五条（四）",
    note="条例明令禁止，故为错误；按“请批准”“请审批”“妥否，请批示”等字样判断，可能误报。"
    + ARTICLE_15_NOTE,
)
def report_no_request(subject: CheckInput) -> Iterator[Hit]:
    if subject.doc_type != DocType.REPORT:
        return
    for index, paragraph in enumerate(body_paragraphs(subject), start=1):
        match = REQUEST_IN_REPORT.search(paragraph.text)
        if match:
            yield Hit(
                body_place(index),
                f"报告中出现“{match.group(0)}”：不得在报告中夹带请示事项，"
                "需要上级批准的事项请另行请示。",
            )
