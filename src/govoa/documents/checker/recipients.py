"""主送机关 and 抄送机关 (GB/T 9704-2012 7.3.2, 7.4.2), and the 行文规则 that concern them
(条例 第八条 on what each 文种 is for, 第十五条 on upward documents).

The document holds the names bare; the renderer joins them with “，” and adds the colon after
the last 主送机关 and the full stop after the last 抄送机关. A name may list several organs
itself (“各区人民政府、市直各单位”)."""

import re
from collections import Counter
from collections.abc import Iterator

from govoa.documents.bodytext import ORGAN_SEPARATORS
from govoa.documents.checker.registry import Hit, Registrar
from govoa.documents.checker.text import ARTICLE_15_NOTE, organ_names
from govoa.documents.checker.types import CheckInput, Severity
from govoa.documents.vocabulary import DOC_TYPE_WORDS, Direction, DocType

register = Registrar("主送与抄送", order=4)

RECIPIENTS = "主送机关"
CC = "抄送机关"

# Types addressed to one organ that must act on them: no 主送, no one to 办理 or 答复.
NEEDS_RECIPIENT = frozenset(
    {DocType.REQUEST, DocType.REPORT, DocType.REPLY, DocType.LETTER, DocType.MOTION}
)
# 条例 第八条: what each of these types is for fixes its direction.
EXPECTED_DIRECTION = {
    DocType.REQUEST: (Direction.UPWARD, "向上级机关请求指示、批准"),
    DocType.REPORT: (Direction.UPWARD, "向上级机关汇报工作、反映情况、回复询问"),
    DocType.REPLY: (Direction.DOWNWARD, "答复下级机关请示事项"),
    DocType.LETTER: (
        Direction.LATERAL,
        "不相隶属机关之间商洽工作、询问和答复问题、请求批准和答复审批事项",
    ),
}
# Names of lower-level organs (heuristic): 各县区, 各县（市、区）, 各处室, 各乡镇, 所属单位 …
LOWER_ORGANS = re.compile(
    r"^各(县|区|乡|镇|街道|处|科|股|基层|下属|所属|直属)|(下属|所属|直属)各?(单位|机构|部门|企业)"
)
# A person rather than an organ (heuristic): 张市长, 李书记, 王主任同志 …
PERSONS = re.compile(r"(同志|省长|市长|县长|区长|书记|厅长|局长|部长|主任|领导)$")


def _direction_label(direction: str) -> str:
    return str(Direction(direction).label)


def _printed_line_hits(place: str, items: tuple[str, ...], mark: str, name: str) -> Iterator[Hit]:
    """Names that would spoil the printed line “甲，乙{mark}”: a mark of their own, the mark
    in the middle, or a separator at the end (the renderer joins the names with “，”)."""
    ascii_mark = {"：": ":", "。": "."}[mark]
    for item in (item.strip() for item in items):
        if not item:
            continue
        if item[-1] in (mark, ascii_mark):
            yield Hit(
                place,
                f"{place}“{item}”末尾不要自带“{item[-1]}”：{name}“{mark}”由系统排版时"
                "加在最后一个机关名称之后，自带的会重复。",
            )
        elif mark in item or ascii_mark in item:
            found = mark if mark in item else ascii_mark
            yield Hit(place, f"{name}只标在最后一个机关名称之后，请删去“{item}”中的“{found}”。")
        elif item[-1] in ORGAN_SEPARATORS:
            yield Hit(
                place,
                f"{place}“{item}”末尾不要加“{item[-1]}”：各项之间由系统用逗号分隔。",
            )


@register(
    "GB9704-7.3.2-recipients-missing",
    title="请示、报告、批复、函、议案应有主送机关",
    clause="《党政机关公文处理工作条例》第九条（八）",
    note="GB/T 9704 7.3.2 规定主送机关怎么排，不规定必须有；这几种文种需要明确的受理机关"
    "（办理、答复），故要求填写【推导】。",
)
def recipients_missing(subject: CheckInput) -> Iterator[Hit]:
    if subject.doc_type in NEEDS_RECIPIENT and not organ_names(subject.document.recipients):
        word = DOC_TYPE_WORDS[DocType(subject.doc_type)][0]
        yield Hit(RECIPIENTS, f"“{word}”应写明主送机关（主要受理机关）。")


@register(
    "GB9704-7.3.2-recipients-colon",
    title="主送机关末尾只标一个全角冒号（由系统加上）",
    clause="GB/T 9704-2012 7.3.2",
    note="主送机关按名称保存，排版时以逗号连接并在最后一个名称后加全角冒号"
    "（documents.rendering.content.recipients_text）；本规则检查印出来的一行。",
)
def recipients_colon(subject: CheckInput) -> Iterator[Hit]:
    yield from _printed_line_hits(RECIPIENTS, subject.document.recipients, "：", "全角冒号")


@register(
    "REG-15-request-single-recipient",
    title="请示只主送一个上级机关",
    clause="《党政机关公文处理工作条例》第十五条（一）（四）",
    note=ARTICLE_15_NOTE,
)
def request_single_recipient(subject: CheckInput) -> Iterator[Hit]:
    if subject.doc_type != DocType.REQUEST:
        return
    names = organ_names(subject.document.recipients)
    if len(names) > 1:
        listed = "、".join(names)
        yield Hit(
            RECIPIENTS,
            f"请示只主送一个上级机关，现为{len(names)}个（{listed}）；其他机关可改为抄送。",
        )


@register(
    "REG-15-upward-no-lower-cc",
    title="上行文不抄送下级机关",
    clause="《党政机关公文处理工作条例》第十五条（一）",
    severity=Severity.WARNING,
    note="按名称判断（各县区、各处室、所属单位等），可能误报。" + ARTICLE_15_NOTE,
)
def upward_no_lower_cc(subject: CheckInput) -> Iterator[Hit]:
    if subject.direction != Direction.UPWARD:
        return
    for name in organ_names(subject.document.cc):
        if LOWER_ORGANS.search(name):
            yield Hit(CC, f"上行文不抄送下级机关，“{name}”像是下级机关，请核实后删去。")


@register(
    "REG-15-upward-no-individual",
    title="上行文不主送领导者个人",
    clause="《党政机关公文处理工作条例》第十五条",
    note="除上级机关负责人直接交办的事项外，不得以本机关名义向上级机关负责人个人报送公文。"
    "条例明令禁止，故为错误；按称谓判断，可能误报。" + ARTICLE_15_NOTE,
)
def upward_no_individual(subject: CheckInput) -> Iterator[Hit]:
    if subject.direction != Direction.UPWARD:
        return
    for name in organ_names(subject.document.recipients):
        if PERSONS.search(name):
            yield Hit(
                RECIPIENTS,
                f"主送“{name}”像是领导者个人；上行文应主送上级机关"
                "（上级机关负责人直接交办的事项除外）。",
            )


@register(
    "GB9704-7.4.2-cc-period",
    title="抄送机关末尾只标一个句号（由系统加上）",
    clause="GB/T 9704-2012 7.4.2",
    note="抄送机关按名称保存，排版时以逗号连接并在最后一个名称后加句号"
    "（documents.rendering.content.cc_text）；本规则检查印出来的一行。",
)
def cc_period(subject: CheckInput) -> Iterator[Hit]:
    yield from _printed_line_hits(CC, subject.document.cc, "。", "句号")


@register(
    "REG-9-duplicate-organs",
    title="主送、抄送中同一机关不重复出现",
    clause="《党政机关公文处理工作条例》第九条（八）（十六）",
    note="抄送机关是主送机关以外的机关（第九条（十六）），其释义在 standards.md 中标为【待核】。",
)
def duplicate_organs(subject: CheckInput) -> Iterator[Hit]:
    recipients = [re.sub(r"\s", "", n) for n in organ_names(subject.document.recipients)]
    cc = [re.sub(r"\s", "", n) for n in organ_names(subject.document.cc)]
    for name, count in Counter(recipients).items():
        if count > 1:
            yield Hit(RECIPIENTS, f"“{name}”在主送机关中出现了{count}次，请删去重复的。")
    for name, count in Counter(cc).items():
        if count > 1:
            yield Hit(CC, f"“{name}”在抄送机关中出现了{count}次，请删去重复的。")
    for name in dict.fromkeys(cc):
        if name in recipients:
            yield Hit(CC, f"“{name}”已是主送机关，不再抄送，请从抄送机关中删去。")


# 请示 and 批复 are defined by their direction (条例 第八条): one that goes the other way is
# not a 请示 or 批复 at all, so it is an error; 报告 and 函 the other way is a warning.
STRICT_DIRECTION = frozenset({DocType.REQUEST, DocType.REPLY})


def _direction_hits(subject: CheckInput, strict: bool) -> Iterator[Hit]:
    doc_type = DocType(subject.doc_type)
    expected = EXPECTED_DIRECTION.get(doc_type)
    if expected is None or (doc_type in STRICT_DIRECTION) != strict:
        return
    if subject.direction != expected[0]:
        word = DOC_TYPE_WORDS[doc_type][0]
        yield Hit(
            "行文方向",
            f"“{word}”用于{expected[1]}，应为{_direction_label(expected[0])}，"
            f"本件选的是{_direction_label(subject.direction)}：请改选文种或行文方向。",
        )


@register(
    "REG-8-request-reply-direction",
    title="请示为上行文，批复为下行文",
    clause="《党政机关公文处理工作条例》第八条（十一）（十二）",
    note="请示是“向上级机关请求指示、批准”，批复是“答复下级机关请示事项”：方向不符的不是请示或批复。",
)
def request_reply_direction(subject: CheckInput) -> Iterator[Hit]:
    yield from _direction_hits(subject, strict=True)


@register(
    "REG-8-doc-type-direction",
    title="文种与行文方向相符（函为平行文，报告为上行文）",
    clause="《党政机关公文处理工作条例》第八条",
    severity=Severity.WARNING,
    note="按文种的适用范围推出行文方向【推导】：standards.md 1.2 的“常见方向”列为实践归纳。"
    "请示和批复由 REG-8-request-reply-direction 检查。",
)
def doc_type_direction(subject: CheckInput) -> Iterator[Hit]:
    yield from _direction_hits(subject, strict=False)
