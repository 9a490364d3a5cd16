"""标题 rules: one failing and one passing case (at least) per rule."""

from govoa.documents.checker import check
from govoa.documents.structure import Layout
from govoa.documents.tests.checker_samples import (
    AGENCY,
    Case,
    letter,
    notice,
    request,
    rule_tests,
)
from govoa.documents.vocabulary import DocType

DOC_TYPE = "REG-9-title-doc-type"
WRONG_TYPE = "REG-8-title-wrong-doc-type"
GUANYU = "REG-9-title-guanyu"
PUNCTUATION = "GB9704-7.3.1-title-punctuation"
BOOK_MARKS = "GB9704-7.3.1-title-book-marks"
PAIRED = "GB15834-title-paired-marks"
LENGTH = "GB9704-7.3.1-title-length"
REPEATED = "REG-19-title-repeated-word"

SUBJECT = "关于做好2027年重点项目谋划储备工作"
ISSUING = f"{AGENCY}关于印发《测试市重点项目管理办法（试行）》的通知"
REPORT_TITLE = f"{AGENCY}关于2026年以工代赈工作情况的请示报告"
LONG_TITLE = (
    AGENCY + "关于" + "进一步加强和改进全市重点项目谋划储备、审核入库、动态调整" * 3 + "的通知"
)

FAILING = [
    Case(DOC_TYPE, "没有文种", notice(title=f"{AGENCY}{SUBJECT}的安排"), "标题", "“通知”"),
    Case(DOC_TYPE, "缺标题", notice(title=""), "标题", "缺少标题"),
    Case(WRONG_TYPE, "通知写成请示", notice(title=f"{AGENCY}{SUBJECT}的请示"), "标题", "“请示”"),
    Case(WRONG_TYPE, "函写成通知", letter(title=f"{AGENCY}关于商请提供数据的通知"), "标题"),
    Case(
        WRONG_TYPE,
        "请示报告叠用",
        request(doc_type=DocType.REPORT, title=REPORT_TITLE),
        "标题",
        "请示与报告不得混用",
    ),
    Case(GUANYU, "缺关于", notice(title=f"{AGENCY}做好2027年重点项目谋划储备工作的通知"), "标题"),
    Case(PUNCTUATION, "末尾句号", notice(title=f"{AGENCY}{SUBJECT}的通知。"), "标题", "“。”"),
    Case(PUNCTUATION, "末尾半角问号", notice(title=f"{AGENCY}{SUBJECT}的通知?"), "标题"),
    Case(BOOK_MARKS, "整体书名号", notice(title=f"《{AGENCY}{SUBJECT}的通知》"), "标题", "书名号"),
    Case(BOOK_MARKS, "整体引号", notice(title=f"“{AGENCY}{SUBJECT}的通知”"), "标题"),
    Case(
        PAIRED,
        "括号不成对",
        notice(title=f"{AGENCY}关于印发《测试市重点项目管理办法（试行》的通知"),
        "标题",
        "“（”",
    ),
    Case(PAIRED, "书名号不成对", notice(title=f"{AGENCY}关于印发《管理办法的通知"), "标题"),
    Case(LENGTH, "过长", notice(title=LONG_TITLE), "标题", "偏长"),
    Case(LENGTH, "只有文种", notice(title="紧急通知"), "标题", "过短"),
    Case(
        REPEATED,
        "关于关于",
        notice(title=f"{AGENCY}关于关于做好2027年重点项目谋划储备工作的通知"),
        "标题",
        "“关于关于”",
    ),
    Case(REPEATED, "文种叠写", notice(title=f"{AGENCY}{SUBJECT}的通知通知"), "标题", "“通知”"),
    Case(REPEATED, "的的", notice(title=f"{AGENCY}关于做好重点项目的的储备工作的通知"), "标题"),
]

PASSING = [
    Case(DOC_TYPE, "以通知结尾", notice()),
    Case(DOC_TYPE, "末尾标点另由标点规则报告", notice(title=f"{AGENCY}{SUBJECT}的通知。")),
    Case(DOC_TYPE, "命令格式无标题", notice(layout=Layout.ORDER, doc_type=DocType.ORDER, title="")),
    Case(WRONG_TYPE, "请示以请示结尾", request()),
    Case(WRONG_TYPE, "复函", letter(title=f"{AGENCY}关于同意提供用能数据的复函")),
    Case(WRONG_TYPE, "令", notice(doc_type=DocType.ORDER, title="测试市人民政府令")),
    Case(WRONG_TYPE, "命令", notice(doc_type=DocType.ORDER, title="测试市人民政府嘉奖命令")),
    Case(GUANYU, "有关于", notice()),
    Case(
        GUANYU, "通告可不用关于", notice(doc_type=DocType.PUBLIC_NOTICE, title="测试市人民政府通告")
    ),
    Case(GUANYU, "纪要可不用关于", notice(doc_type=DocType.MINUTES, title="主任办公会议纪要")),
    Case(PUNCTUATION, "标题中间的标点", notice(title=ISSUING)),
    Case(BOOK_MARKS, "标题中的书名号", notice(title=ISSUING)),
    Case(PAIRED, "成对的括号", notice(title=ISSUING)),
    Case(LENGTH, "适中", notice()),
    Case(LENGTH, "短而完整", letter(title="关于商请提供数据的函")),
    Case(REPEATED, "无重复", notice()),
    Case(REPEATED, "叠词", notice(title=f"{AGENCY}关于层层压实重点项目责任的通知")),
    Case(REPEATED, "年份数字", notice(title=f"{AGENCY}关于2020年至2022年项目的通知")),
]


test_rule_reports, test_rule_accepts = rule_tests(FAILING, PASSING)


def test_the_chosen_type_word_is_named_in_the_message() -> None:
    findings = check(request(title=f"{AGENCY}关于申请安排以工代赈资金"))
    assert [f.rule for f in findings if f.place == "标题"] == [DOC_TYPE]
    assert "“请示”" in findings[0].message


def test_a_title_broken_into_lines_by_the_drafter_is_read_as_one() -> None:
    broken = notice(title=f"{AGENCY}关于做好2027年重点项目\n谋划储备工作的通知")
    assert check(broken) == []
