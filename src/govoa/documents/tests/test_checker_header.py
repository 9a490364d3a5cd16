"""版头 and 发文字号 rules: one failing and one passing case (at least) per rule."""

from typing import Any

from govoa.documents.checker import CheckInput
from govoa.documents.structure import Layout
from govoa.documents.tests.checker_samples import (
    AGENCY,
    Case,
    letter,
    minutes,
    notice,
    request,
    rule_tests,
)
from govoa.documents.vocabulary import DocType


def order(**changes: Any) -> CheckInput:
    """A 命令（令）: its own 标志 and 令号, no title, no 主送."""
    base: dict[str, Any] = {
        "layout": Layout.ORDER,
        "doc_type": DocType.ORDER,
        "issuer_mark": "测试市人民政府令",
        "doc_number": "第12号",
        "title": "",
        "recipients": (),
    }
    return notice(**(base | changes))


COPY = "GB9704-7.2.1-copy-number-form"
CLASSIFIED_COPY = "REG-9-classified-copy-number"
MARK = "GB9704-7.2.2-classification-mark"
PERIOD = "REG-9-secrecy-period"
PERIOD_DIGITS = "GB9704-7.2.2-secrecy-period-digits"
URGENCY = "REG-9-urgency"
ISSUER = "GB9704-7.2.4-issuer-mark"
SIGNER = "REG-9-signer-upward"
MISSING = "GB9704-7.2.5-doc-number-missing"
BRACKETS = "GB9704-7.2.5-doc-number-brackets"
YEAR = "GB9704-7.2.5-doc-number-year"
NO_DI = "GB9704-7.2.5-doc-number-no-di"
PADDING = "GB9704-7.2.5-doc-number-no-padding"
SEQUENCE = "GB9704-7.2.5-doc-number-sequence"
AGENCY_CODE = "REG-9-doc-number-agency-code"
ORDER_NUMBER = "GB9704-10.2-order-number"

FAILING = [
    Case(COPY, "份号不足6位", letter(copy_number="12"), "份号", "“12”"),
    Case(COPY, "份号7位", letter(copy_number="0000012"), "份号"),
    Case(CLASSIFIED_COPY, "秘密件印制前无份号", letter(copy_number=""), "份号", "秘密"),
    Case(MARK, "秘密件未标密级", letter(classification=""), "密级", "“秘密”"),
    Case(MARK, "标注与定密不一致", letter(classification="机密"), "密级", "不一致"),
    Case(MARK, "内部件标了密级", notice(classification="秘密", classification_level=1), "密级"),
    Case(PERIOD, "秘密件无保密期限", letter(secrecy_period=""), "保密期限"),
    Case(PERIOD, "非密件标了保密期限", notice(secrecy_period="1年"), "保密期限", "删除"),
    Case(PERIOD_DIGITS, "汉字数字", letter(secrecy_period="一年"), "保密期限", "“一年”"),
    Case(URGENCY, "紧急", notice(urgency="紧急"), "紧急程度", "“紧急”"),
    Case(URGENCY, "电报的特提", notice(urgency="特提"), "紧急程度"),
    Case(ISSUER, "核稿时无标志", notice(issuer_mark=""), "发文机关标志"),
    Case(ISSUER, "信函格式加了“文件”", letter(issuer_mark=f"{AGENCY}文件"), "发文机关标志"),
    Case(ISSUER, "纪要标志不以纪要结尾", minutes(issuer_mark=AGENCY), "发文机关标志", "纪要"),
    Case(ISSUER, "命令标志不以令结尾", order(issuer_mark="测试市人民政府文件"), "发文机关标志"),
    Case(SIGNER, "上行文无签发人", request(signers=()), "签发人"),
    Case(SIGNER, "签发人为空白", request(signers=(" ",)), "签发人"),
    Case(MISSING, "核稿时无发文字号", notice(doc_number=""), "发文字号", "国办发〔2012〕14号"),
    Case(MISSING, "命令无令号", order(doc_number=""), "令号"),
    Case(BRACKETS, "方头括号", notice(doc_number="测发改发【2026】12号"), "发文字号", "【】"),
    Case(BRACKETS, "方括号", notice(doc_number="测发改发[2026]12号"), "发文字号", "[]"),
    Case(BRACKETS, "圆括号", notice(doc_number="测发改发（2026）12号"), "发文字号", "（）"),
    Case(BRACKETS, "尖括号", notice(doc_number="测发改发〈2026〉12号"), "发文字号", "〈〉"),
    Case(BRACKETS, "没有括号", notice(doc_number="测发改发2026年12号"), "发文字号", "六角括号"),
    Case(YEAR, "两位年份", notice(doc_number="测发改发〔26〕12号"), "发文字号", "“26”"),
    Case(YEAR, "汉字年份", notice(doc_number="测发改发〔二〇二六〕12号"), "发文字号"),
    Case(NO_DI, "加了第", notice(doc_number="测发改发〔2026〕第12号"), "发文字号", "“12号”"),
    Case(PADDING, "编了虚位", notice(doc_number="测发改发〔2026〕012号"), "发文字号", "“12号”"),
    Case(PADDING, "两位虚位", notice(doc_number="测发改发〔2026〕007号"), "发文字号", "“7号”"),
    Case(SEQUENCE, "没有号字", notice(doc_number="测发改发〔2026〕12"), "发文字号", "加“号”"),
    Case(SEQUENCE, "汉字序号", notice(doc_number="测发改发〔2026〕十二号"), "发文字号"),
    Case(SEQUENCE, "号后有字", notice(doc_number="测发改发〔2026〕12号文"), "发文字号"),
    Case(SEQUENCE, "缺序号", notice(doc_number="测发改发〔2026〕"), "发文字号", "缺少"),
    Case(SEQUENCE, "全角数字", notice(doc_number="测发改发〔2026〕１２号"), "发文字号"),
    Case(AGENCY_CODE, "别的机关代字", notice(doc_number="市发改发〔2026〕12号"), "发文字号"),
    Case(AGENCY_CODE, "缺代字", notice(doc_number="〔2026〕12号"), "发文字号", "缺少"),
    Case(ORDER_NUMBER, "令号编了虚位", order(doc_number="第012号"), "令号"),
    Case(ORDER_NUMBER, "令号用了发文字号", order(doc_number="测政令〔2026〕12号"), "令号"),
]

PASSING = [
    Case(COPY, "6位份号", letter()),
    Case(COPY, "无份号的非密件", notice(copy_number="")),
    Case(CLASSIFIED_COPY, "核稿时尚无份号", letter(copy_number="", stage="review")),
    Case(CLASSIFIED_COPY, "非密件无份号", notice(copy_number="")),
    Case(MARK, "秘密件标秘密", letter()),
    Case(MARK, "绝密件标绝密", letter(classification="绝密", classification_level=4)),
    Case(MARK, "内部件不标密级", notice(classification_level=1)),
    Case(PERIOD, "秘密件有期限", letter()),
    Case(PERIOD_DIGITS, "6个月", letter(secrecy_period="6个月")),
    Case(URGENCY, "特急", notice(urgency="特急")),
    Case(URGENCY, "加急", letter()),
    Case(ISSUER, "拟稿时可无标志", notice(issuer_mark="", stage="draft")),
    Case(ISSUER, "命令标志以令结尾", order()),
    Case(ISSUER, "命令标志以命令结尾", order(issuer_mark="测试市人民政府命令")),
    Case(ISSUER, "纪要标志", minutes()),
    Case(SIGNER, "拟稿时可无签发人", request(signers=(), stage="draft")),
    Case(SIGNER, "下行文不标签发人", notice()),
    Case(MISSING, "拟稿时可无发文字号", notice(doc_number="", stage="draft")),
    Case(MISSING, "纪要无发文字号", minutes()),
    Case(MISSING, "命令有令号", order()),
    Case(BRACKETS, "六角括号", notice()),
    Case(BRACKETS, "拟稿时为空", notice(doc_number="", stage="draft")),
    Case(YEAR, "四位年份", notice()),
    Case(NO_DI, "不加第", notice(doc_number="测发改发〔2026〕1号")),
    Case(NO_DI, "命令令号有第", order()),
    Case(PADDING, "序号中间的0", notice(doc_number="测发改发〔2026〕10号")),
    Case(SEQUENCE, "一位序号", notice(doc_number="测发改发〔2026〕1号")),
    Case(SEQUENCE, "三位序号", notice(doc_number="测发改发〔2026〕108号")),
    Case(AGENCY_CODE, "同一机关的另一代字", notice(doc_number="测发改函〔2026〕3号")),
    Case(
        AGENCY_CODE, "未给代字时只查有无", notice(doc_number="市发改发〔2026〕12号", agency_code="")
    ),
    Case(ORDER_NUMBER, "第12号", order()),
    Case(ORDER_NUMBER, "非命令不查令号", notice()),
]


test_rule_reports, test_rule_accepts = rule_tests(FAILING, PASSING)
