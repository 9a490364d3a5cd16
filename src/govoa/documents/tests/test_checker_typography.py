"""文字、标点和数字 rules: one failing and one passing case (at least) per rule."""

from govoa.documents.checker import CheckInput
from govoa.documents.tests.checker_samples import (
    AGENCY,
    Case,
    notice,
    rule_tests,
)

ASCII = "GB15834-ascii-punctuation"
PAIRED = "GB15834-body-paired-marks"
SPACES = "GB15834-spaces"
MIXED = "GB15835-mixed-numerals"
PERCENT = "GB15835-full-width-percent"
DIGITS = "GB15835-full-width-digits"
YEAR = "GB15835-year-full"

OPENING = "为做好有关工作，现通知如下。\n"
SECOND = "正文第2段"


def text(line: str) -> CheckInput:
    """The sample notice whose 正文 is an opening line and ``line`` (正文第2段)."""
    return notice(raw_body=OPENING + line)


FAILING = [
    Case(ASCII, "半角逗号", text("各区,各单位要高度重视。"), SECOND, "“，”"),
    Case(ASCII, "半角分号", text("符合国家产业政策;前期工作深度达到要求。"), SECOND, "“；”"),
    Case(ASCII, "半角冒号", text("联系人:王某某。"), SECOND, "“：”"),
    Case(ASCII, "半角问号", text("是否已完成?请核实。"), SECOND),
    Case(ASCII, "半角叹号", text("务必高度重视!"), SECOND),
    Case(ASCII, "半角括号", text("填报储备清单(见附件1)。"), SECOND, "“（”"),
    Case(ASCII, "半角引号", text('填报"储备清单"。'), SECOND),
    Case(ASCII, "半角句点", text("确保按时完成."), SECOND, "“。”"),
    Case(ASCII, "多处合为一条", text("各区,各单位,各部门;务必重视."), SECOND, "共4处"),
    Case(ASCII, "标题中的半角冒号", notice(title=f"{AGENCY}关于做好重点项目工作的通知:"), "标题"),
    Case(ASCII, "行内的半角序号", text("包括(1)用地预审和(2)资金来源。"), SECOND),
    Case(PAIRED, "引号不成对", text("填报“2027年重点项目储备清单。"), SECOND, "“”"),
    Case(PAIRED, "括号不成对", text("填报储备清单（见附件1。"), SECOND, "“（”"),
    Case(PAIRED, "书名号不成对", text("按照《项目申报材料目录准备材料。"), SECOND, "“《”"),
    Case(PAIRED, "多了右括号", text("填报储备清单见附件1）。"), SECOND, "“）”"),
    Case(PAIRED, "交叉", text("按照《目录（试行》）准备。"), SECOND),
    Case(
        PAIRED,
        "附件名称",
        notice(raw_attachment_note="附件：1. 《2027年重点项目储备清单\n2. 项目申报材料目录"),
        "附件说明第1项",
    ),
    Case(SPACES, "汉字之间的空格", text("各区 各单位要高度重视。"), SECOND),
    Case(SPACES, "全角空格", text("各区\u3000各单位要高度重视。"), SECOND),
    Case(SPACES, "序号后的空格", text("一、 总体要求"), SECOND),
    Case(SPACES, "发文字号中的空格", notice(doc_number="测发改发 〔2026〕12号"), "发文字号"),
    Case(SPACES, "标题中的空格", notice(title=f"{AGENCY} 关于做好重点项目工作的通知"), "标题"),
    Case(MIXED, "2千", text("总投资2千万元。"), SECOND, "“2千”"),
    Case(MIXED, "3百", text("储备项目3百个。"), SECOND),
    Case(MIXED, "二0二六年", text("二0二六年完成。"), SECOND, "“二0二六年”"),
    Case(PERCENT, "全角百分号", text("占比不低于40％。"), SECOND, "“%”"),
    Case(DIGITS, "全角数字", text("储备项目３００个。"), SECOND, "“300”"),
    Case(YEAR, "26年12月", text("于26年12月15日前完成。"), SECOND, "“26年”"),
    Case(YEAR, "撇号年份", text("’26年工作要点。"), SECOND),
    Case(YEAR, "标题中的简写年份", notice(title=f"{AGENCY}关于做好26年1月工作的通知"), "标题"),
]

PASSING = [
    Case(ASCII, "全角标点", notice()),
    Case(ASCII, "时间和小数", text("时间为10:30，增长3.5%，比例为1:2。")),
    Case(ASCII, "网址和邮箱", text("网址为http://www.gov.cn，邮箱为office@example.gov.cn。")),
    Case(ASCII, "千分位", text("共计1,000万元。")),
    Case(
        ASCII,
        "西文中的标点",
        text("执行GB/T 9704-2012（Layout key for official documents, 2012）。"),
    ),
    Case(PAIRED, "成对", notice()),
    Case(PAIRED, "嵌套", text("按照“《项目申报材料目录》（试行）”准备材料。")),
    Case(SPACES, "无空格", notice()),
    Case(SPACES, "西文与汉字之间", text("使用Word 文档和PDF 文件报送。")),
    Case(MIXED, "万和亿", text("总投资约1.5万亿元，其中3000万元用于前期工作。")),
    Case(MIXED, "千米、千克、千瓦", text("新建道路5千米，年产30千克，装机200千瓦。")),
    Case(MIXED, "全用汉字", text("两千万元，二〇二六年。")),
    Case(PERCENT, "半角百分号", notice()),
    Case(DIGITS, "半角数字", notice()),
    Case(YEAR, "年份全称", notice()),
    Case(YEAR, "年数不是年份", text("近10年来，已连续15年完成目标。")),
]


test_rule_reports, test_rule_accepts = rule_tests(FAILING, PASSING)
