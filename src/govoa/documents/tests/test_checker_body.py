"""正文 rules (层次序数, 请示 and 报告 content): one failing and one passing case (at least)
per rule."""

from typing import Any

from govoa.documents.bodytext import parse_body
from govoa.documents.checker import CheckInput, check
from govoa.documents.structure import Paragraph
from govoa.documents.tests.checker_samples import (
    AGENCY,
    NOTICE,
    Case,
    notice,
    request,
    rule_tests,
)
from govoa.documents.vocabulary import DocType

MISSING = "REG-9-body-missing"
FORM = "GB9704-7.3.3-heading-form"
SEQUENCE = "GB9704-7.3.3-heading-sequence"
NESTING = "GB9704-7.3.3-heading-nesting"
ONE_MATTER = "REG-15-request-one-matter"
REPORT = "REG-15-report-no-request"

OPENING = "为做好有关工作，现通知如下。\n"


def body(*lines: str) -> CheckInput:
    return notice(raw_body=OPENING + "\n".join(lines))


def report(*lines: str, **changes: Any) -> CheckInput:
    return request(
        doc_type=DocType.REPORT,
        title=f"{AGENCY}关于2026年以工代赈工作情况的报告",
        raw_body="\n".join(lines),
        **changes,
    )


REPORT_OPENING = "现将我市2026年以工代赈工作情况报告如下。"

FAILING = [
    Case(MISSING, "正文为空", notice(raw_body=""), "正文"),
    Case(MISSING, "只有空行", notice(raw_body="\n  \n"), "正文"),
    Case(FORM, "一后用逗号", body("一，总体要求"), "正文第2段", "“一、”"),
    Case(FORM, "一后用句点", body("一.总体要求"), "正文第2段"),
    Case(FORM, "半角括号（一）", body("一、总体要求", "(一)指导思想"), "正文第3段", "“（一）”"),
    Case(FORM, "1后用顿号", body("一、总体要求", "（一）指导思想", "1、坚持问题导向"), "正文第4段"),
    Case(
        FORM,
        "半角括号（1）",
        body("一、总体要求", "（一）指导思想", "1. 坚持问题导向", "(1)摸清底数"),
        "正文第5段",
        "“（1）”",
    ),
    Case(FORM, "全角数字", body("一、总体要求", "（一）指导思想", "１. 坚持问题导向"), "正文第4段"),
    Case(SEQUENCE, "跳号", body("一、总体要求", "三、工作安排"), "正文第3段", "“二、”"),
    Case(SEQUENCE, "不从一开始", body("二、总体要求"), "正文第2段", "“一、”"),
    Case(
        SEQUENCE,
        "第二层跳号",
        body("一、总体要求", "（一）指导思想", "（三）工作目标"),
        "正文第4段",
        "“（二）”",
    ),
    Case(
        SEQUENCE,
        "第三层重复",
        body("一、总体要求", "（一）指导思想", "1. 坚持问题导向", "1. 坚持目标导向"),
        "正文第5段",
        "“2.”",
    ),
    Case(NESTING, "（一）前没有一、", body("（一）指导思想"), "正文第2段", "“一、”"),
    Case(NESTING, "一、后直接1.", body("一、总体要求", "1. 坚持问题导向"), "正文第3段"),
    Case(NESTING, "只用1.", body("1. 坚持问题导向", "2. 坚持目标导向"), "正文第2段"),
    Case(
        ONE_MATTER,
        "同时请示",
        request(raw_body="现请示如下。\n恳请安排资金5000万元。同时请示将项目纳入省级储备库。"),
        "正文第2段",
        "“同时请示”",
    ),
    Case(
        ONE_MATTER,
        "多个请示事项标题",
        request(
            raw_body="现将有关事项请示如下。\n一、关于安排以工代赈资金的请示事项\n恳请安排资金。\n"
            "二、关于调整项目计划的请示事项\n恳请同意调整。"
        ),
        "正文",
        "2个",
    ),
    Case(REPORT, "妥否，请批示", report(REPORT_OPENING, "妥否，请批示。"), "正文第2段", "“妥否”"),
    Case(REPORT, "请审批", report(REPORT_OPENING, "以上意见，请审批。"), "正文第2段"),
    Case(REPORT, "请予批准", report(REPORT_OPENING, "请予批准。"), "正文第2段"),
]

PASSING = [
    Case(MISSING, "有正文", notice()),
    Case(
        MISSING,
        "未给原文时读 document.body",
        notice(raw_body="", body=parse_body("为做好有关工作，现通知如下。")),
    ),
    Case(FORM, "标准写法", notice()),
    Case(FORM, "全角下脚点", body("一、总体要求", "（一）指导思想", "1．坚持问题导向")),
    Case(FORM, "小数不是序号", body("2026年完成投资1.5亿元。")),
    Case(SEQUENCE, "连续", notice()),
    Case(
        SEQUENCE,
        "换了上层后重新编号",
        body("一、总体要求", "（一）指导思想", "二、工作安排", "（一）项目谋划", "（二）审核入库"),
    ),
    Case(
        SEQUENCE, "十以上", body(*[f"{n}、第{n}项" for n in "一二三四五六七八九十"], "十一、其他")
    ),
    Case(
        NESTING,
        "逐层使用",
        body("一、总体要求", "（一）指导思想", "1. 坚持问题导向", "（1）摸清底数"),
    ),
    Case(NESTING, "无层次", body("各区、各单位要高度重视。")),
    Case(ONE_MATTER, "一文一事", request()),
    Case(ONE_MATTER, "非请示不查", notice(raw_body=OPENING + "同时请示市政府。")),
    Case(REPORT, "特此报告", report(REPORT_OPENING, "特此报告。")),
    Case(REPORT, "呈转性报告请批转", report(REPORT_OPENING, "如无不妥，请批转各区执行。")),
    Case(REPORT, "请示可以请批示", request()),
]


test_rule_reports, test_rule_accepts = rule_tests(FAILING, PASSING)


def test_the_typed_body_is_read_rather_than_the_parsed_one() -> None:
    typed = notice(raw_body=OPENING + "一，总体要求", body=NOTICE.document.body)
    assert FORM in {f.rule for f in check(typed)}


def test_a_wrong_heading_is_reported_once_by_the_heading_rule_not_as_punctuation() -> None:
    rules = [f.rule for f in check(body("一、总体要求", "(一)指导思想"))]
    assert rules == [FORM]


def test_a_structured_body_whose_text_leaves_out_the_number_is_read_too() -> None:
    structured = (
        Paragraph("为做好有关工作，现通知如下。"),
        Paragraph("总体要求", level=1, number="一、"),
        Paragraph("指导思想", level=2, number="(一)"),
    )
    rules = [f.rule for f in check(notice(raw_body="", body=structured))]
    assert rules == [FORM]
