"""署名、印章、附注, 纪要 and 日期、印发 rules: one failing and one passing case (at least) per
rule."""

from govoa.documents.structure import Signatory
from govoa.documents.tests.checker_samples import (
    AGENCY,
    Case,
    letter,
    minutes,
    notice,
    rule_tests,
)

SIGNATORY = "REG-9-signatory-missing"
SEAL = "GB9704-7.3.5.1-seal-signatory"
NOTE = "GB9704-7.3.6-note-parentheses"
ATTENDEES = "GB9704-10.3-minutes-attendees"
DATE_MISSING = "GB9704-7.3.5.4-date-missing"
DATE_FORM = "GB9704-7.3.5.4-date-form"
PRINT_DATE_FORM = "GB9704-7.4.3-print-date-form"
ORDER = "REG-9-date-order"
PRINTER = "GB9704-7.4.3-printer-missing"
LETTER_PRINTER = "GB9704-10.1-letter-no-printer"

FINANCE = "测试市财政局"

FAILING = [
    Case(SIGNATORY, "核稿时无署名", notice(signatories=()), "发文机关署名"),
    Case(SIGNATORY, "署名为空白", notice(signatories=(Signatory(" ", sealed=False),))),
    Case(SEAL, "空白印章", notice(signatories=(Signatory(""),)), "发文机关署名", "空白印章"),
    Case(
        SEAL,
        "联合行文一个未盖章",
        notice(signatories=(Signatory(AGENCY), Signatory(FINANCE, sealed=False))),
        "发文机关署名",
        f"“{FINANCE}”未盖章",
    ),
    Case(NOTE, "自带半角括号", notice(note="(此件公开发布)"), "附注", "全角圆括号"),
    Case(NOTE, "括号未闭合", notice(note="（此件公开发布"), "附注"),
    Case(ATTENDEES, "纪要无出席", minutes(attendees=()), "出席"),
    Case(DATE_MISSING, "核稿时无成文日期", notice(date=""), "成文日期"),
    Case(DATE_FORM, "编了虚位", notice(date="2026年07月01日"), "成文日期", "“2026年7月1日”"),
    Case(DATE_FORM, "汉字数字", notice(date="二〇二六年七月一日"), "成文日期", "汉字数字"),
    Case(DATE_FORM, "两位年份", notice(date="26年7月1日"), "成文日期", "年份没有标全称"),
    Case(DATE_FORM, "横线分隔", notice(date="2026-07-01"), "成文日期"),
    Case(DATE_FORM, "不存在的日期", notice(date="2026年2月30日"), "成文日期", "有效"),
    Case(DATE_FORM, "全角数字", notice(date="２０２６年７月１日"), "成文日期", "全角数字"),
    Case(PRINT_DATE_FORM, "带了印发二字", notice(print_date="2026年11月23日印发"), "印发日期"),
    Case(PRINT_DATE_FORM, "点分隔", notice(print_date="2026.11.23"), "印发日期"),
    Case(PRINT_DATE_FORM, "编了虚位", notice(print_date="2026年11月03日"), "印发日期"),
    Case(ORDER, "成文晚于印发", notice(date="2026年11月25日"), "成文日期", "晚于"),
    Case(PRINTER, "印制前无印发机关", notice(printer=""), "印发机关"),
    Case(PRINTER, "印制前无印发日期", notice(print_date=""), "印发日期"),
    Case(
        LETTER_PRINTER, "信函加了印发机关", letter(printer=f"{AGENCY}办公室"), "印发机关和印发日期"
    ),
    Case(LETTER_PRINTER, "信函加了印发日期", letter(print_date="2026年11月20日")),
]

PASSING = [
    Case(SIGNATORY, "有署名", notice()),
    Case(SIGNATORY, "拟稿时可无署名", notice(signatories=(), stage="draft")),
    Case(SIGNATORY, "纪要不署名", minutes()),
    Case(SEAL, "单一机关盖章", notice()),
    Case(SEAL, "联合行文都盖章", notice(signatories=(Signatory(AGENCY), Signatory(FINANCE)))),
    Case(
        SEAL,
        "联合行文都不盖章",
        notice(signatories=(Signatory(AGENCY, sealed=False), Signatory(FINANCE, sealed=False))),
    ),
    Case(NOTE, "不带括号（系统加上）", notice()),
    Case(NOTE, "自带全角括号", notice(note="（此件公开发布）")),
    Case(NOTE, "句中的括号", notice(note="此件公开发布（附件不公开）")),
    Case(ATTENDEES, "有出席", minutes()),
    Case(ATTENDEES, "拟稿时可不写", minutes(attendees=(), stage="draft")),
    Case(DATE_MISSING, "拟稿时可无成文日期", notice(date="", stage="draft")),
    Case(DATE_MISSING, "纪要", minutes(date="")),
    Case(DATE_FORM, "标准写法", notice(date="2026年7月1日")),
    Case(DATE_FORM, "两位月日", notice(date="2026年12月31日")),
    Case(DATE_FORM, "闰日", notice(date="2028年2月29日", print_date="2028年3月1日")),
    Case(PRINT_DATE_FORM, "标准写法", notice()),
    Case(ORDER, "同日印发", notice(date="2026年11月23日")),
    Case(ORDER, "缺一个不比较", notice(print_date="")),
    Case(PRINTER, "核稿时尚无印发", notice(printer="", print_date="", stage="review")),
    Case(PRINTER, "信函格式不加印发", letter()),
    Case(LETTER_PRINTER, "信函无印发", letter()),
    Case(LETTER_PRINTER, "文件格式有印发", notice()),
]


test_rule_reports, test_rule_accepts = rule_tests(FAILING, PASSING)
