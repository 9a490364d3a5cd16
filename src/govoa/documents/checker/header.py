"""版头: 份号, 密级和保密期限, 紧急程度, 发文机关标志, 签发人 (GB/T 9704-2012 7.2)."""

import re
from collections.abc import Iterator

from govoa.core.vocabulary import Classification
from govoa.documents.checker.registry import Hit, Registrar
from govoa.documents.checker.text import CHINESE_NUMERALS, LAYOUT_NAMES
from govoa.documents.checker.types import CheckInput, Severity, Stage
from govoa.documents.structure import Layout
from govoa.documents.vocabulary import Direction

register = Registrar("版头", order=1)

# The mark printed for each 定密 level; 非密 and 内部 print none.
CLASSIFICATION_MARKS = {
    Classification.SECRET: "秘密",
    Classification.HIGHLY_SECRET: "机密",
    Classification.TOP_SECRET: "绝密",
}
URGENCY_MARKS = ("特急", "加急")


def _classified(subject: CheckInput) -> bool:
    return subject.classification_level >= Classification.SECRET


def _level_label(level: int) -> str:
    return str(Classification(level).label)


@register(
    "GB9704-7.2.1-copy-number-form",
    title="份号一般用6位阿拉伯数字",
    clause="GB/T 9704-2012 7.2.1",
    severity=Severity.WARNING,
    note="标准写“一般用6位”；部分地方细则允许3—6位【待核】，故为提示。",
)
def copy_number_form(subject: CheckInput) -> Iterator[Hit]:
    copy_number = subject.document.copy_number.strip()
    if copy_number and not re.fullmatch("[0-9]{6}", copy_number):
        yield Hit("份号", f"份号“{copy_number}”应为6位阿拉伯数字，如“000001”。")


@register(
    "REG-9-classified-copy-number",
    title="涉密公文应当标注份号",
    clause="《党政机关公文处理工作条例》第九条（一）",
)
def classified_copy_number(subject: CheckInput) -> Iterator[Hit]:
    if subject.stage != Stage.FINAL or not _classified(subject):
        return
    if not subject.document.copy_number.strip():
        level = _level_label(subject.classification_level)
        yield Hit("份号", f"本件为{level}公文，印制前应标注份号（6位阿拉伯数字，如“000001”）。")


@register(
    "GB9704-7.2.2-classification-mark",
    title="版头密级与定密等级一致",
    clause="《党政机关公文处理工作条例》第九条（二）；GB/T 9704-2012 7.2.2",
)
def classification_mark(subject: CheckInput) -> Iterator[Hit]:
    mark = subject.document.classification.strip()
    level = subject.classification_level
    expected = CLASSIFICATION_MARKS.get(Classification(level), "")
    if mark == expected:
        return
    if not expected:
        yield Hit(
            "密级",
            f"本件定密为“{_level_label(level)}”，不属于涉密公文，版头不标注密级，请删除“{mark}”。",
        )
    elif not mark:
        yield Hit("密级", f"本件定密为“{expected}”，版头应标注“{expected}”。")
    else:
        yield Hit("密级", f"版头标注的“{mark}”与定密等级“{expected}”不一致。")


@register(
    "REG-9-secrecy-period",
    title="涉密公文应当标注保密期限，非涉密公文不标",
    clause="《党政机关公文处理工作条例》第九条（二）",
)
def secrecy_period(subject: CheckInput) -> Iterator[Hit]:
    period = subject.document.secrecy_period.strip()
    if _classified(subject) and not period:
        level = _level_label(subject.classification_level)
        yield Hit("保密期限", f"本件为{level}公文，应标注保密期限，如“{level}★1年”中的“1年”。")
    elif not _classified(subject) and period:
        yield Hit("保密期限", f"本件不属于涉密公文，不标注保密期限，请删除“{period}”。")


@register(
    "GB9704-7.2.2-secrecy-period-digits",
    title="保密期限中的数字用阿拉伯数字",
    clause="GB/T 9704-2012 7.2.2",
)
def secrecy_period_digits(subject: CheckInput) -> Iterator[Hit]:
    period = subject.document.secrecy_period.strip()
    if re.search(f"[{CHINESE_NUMERALS}０-９]", period):
        yield Hit("保密期限", f"保密期限“{period}”中的数字应使用半角阿拉伯数字，如“1年”“6个月”。")


@register(
    "REG-9-urgency",
    title="紧急程度只标“特急”或“加急”",
    clause="《党政机关公文处理工作条例》第九条（三）；GB/T 9704-2012 7.2.3",
    note="“特提”“平急”只用于电报，本系统的公文不使用。",
)
def urgency(subject: CheckInput) -> Iterator[Hit]:
    mark = subject.document.urgency.strip()
    if mark and mark not in URGENCY_MARKS:
        yield Hit("紧急程度", f"紧急程度“{mark}”不规范，公文只标“特急”或“加急”，普通公文不标。")


# Layout → the words its 发文机关标志 must end with (GB/T 9704 10.2, 10.3).
_MARK_ENDINGS = {Layout.ORDER: ("命令", "令"), Layout.MINUTES: ("纪要",)}


@register(
    "GB9704-7.2.4-issuer-mark",
    title="发文机关标志齐全且合乎版式",
    clause="GB/T 9704-2012 7.2.4、10.1、10.2、10.3",
)
def issuer_mark(subject: CheckInput) -> Iterator[Hit]:
    mark = subject.document.issuer_mark.strip()
    layout = subject.document.layout
    if not mark:
        if subject.numbered:
            yield Hit(
                "发文机关标志", "缺少发文机关标志，应为发文机关全称或规范化简称（可加“文件”二字）。"
            )
        return
    endings = _MARK_ENDINGS.get(layout)
    if endings and not mark.endswith(endings):
        words = "”或“".join(endings)
        yield Hit(
            "发文机关标志", f"{LAYOUT_NAMES[layout]}的发文机关标志应以“{words}”结尾，现为“{mark}”。"
        )
    if layout == Layout.LETTER and mark.endswith("文件"):
        yield Hit(
            "发文机关标志",
            f"信函格式的发文机关标志只用机关全称或规范化简称，不加“文件”：“{mark}”。",
        )


@register(
    "REG-9-signer-upward",
    title="上行文应当标注签发人",
    clause="《党政机关公文处理工作条例》第九条（六）；GB/T 9704-2012 7.2.6",
)
def signer_upward(subject: CheckInput) -> Iterator[Hit]:
    if subject.direction != Direction.UPWARD or not subject.numbered:
        return
    if not any(name.strip() for name in subject.document.signers):
        yield Hit("签发人", "上行文应当标注签发人姓名。")
