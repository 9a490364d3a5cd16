"""主送机关, 抄送机关 and 行文方向 rules: one failing and one passing case (at least) per rule."""

from govoa.documents.tests.checker_samples import (
    Case,
    letter,
    notice,
    request,
    rule_tests,
)
from govoa.documents.vocabulary import Direction, DocType

MISSING = "GB9704-7.3.2-recipients-missing"
COLON = "GB9704-7.3.2-recipients-colon"
SINGLE = "REG-15-request-single-recipient"
LOWER_CC = "REG-15-upward-no-lower-cc"
INDIVIDUAL = "REG-15-upward-no-individual"
CC_PERIOD = "GB9704-7.4.2-cc-period"
DUPLICATES = "REG-9-duplicate-organs"
DIRECTION = "REG-8-doc-type-direction"
REQUEST_REPLY = "REG-8-request-reply-direction"

PROVINCE = "测试省发展和改革委员会"

FAILING = [
    Case(MISSING, "请示无主送", request(recipients=()), "主送机关", "“请示”"),
    Case(MISSING, "函的主送只有冒号", letter(recipients=("：",)), "主送机关"),
    Case(
        COLON, "自带全角冒号", notice(recipients=("各区发展改革局", "市直有关单位：")), "主送机关"
    ),
    Case(
        COLON,
        "自带半角冒号",
        notice(recipients=("各区发展改革局，市直有关单位:",)),
        "主送机关",
        "“:”",
    ),
    Case(
        COLON,
        "冒号标在中间",
        notice(recipients=("各区发展改革局：市直有关单位",)),
        "主送机关",
        "最后一个",
    ),
    Case(
        COLON, "末尾自带逗号", notice(recipients=("各区发展改革局，", "市直有关单位")), "主送机关"
    ),
    Case(
        SINGLE, "请示主送两个机关", request(recipients=(f"{PROVINCE}、测试市人民政府",)), "主送机关"
    ),
    Case(SINGLE, "分两项填写", request(recipients=(PROVINCE, "测试市人民政府")), "主送机关", "2个"),
    Case(LOWER_CC, "上行文抄送各区", request(cc=("测试市人民政府", "各区发展改革局")), "抄送机关"),
    Case(LOWER_CC, "上行文抄送各处室", request(cc=("各处室",)), "抄送机关", "“各处室”"),
    Case(LOWER_CC, "上行文抄送所属单位", request(cc=("委属各单位，所属单位",)), "抄送机关"),
    Case(INDIVIDUAL, "主送领导个人", request(recipients=(f"{PROVINCE}王主任",)), "主送机关"),
    Case(INDIVIDUAL, "主送某同志", request(recipients=("李某某同志",)), "主送机关"),
    Case(CC_PERIOD, "自带句号", notice(cc=("市人民政府办公室", "市财政局。")), "抄送机关", "句号"),
    Case(CC_PERIOD, "自带半角句点", notice(cc=("市人民政府办公室，市财政局.",)), "抄送机关"),
    Case(CC_PERIOD, "句号标在中间", notice(cc=("市人民政府办公室。市财政局",)), "抄送机关"),
    Case(CC_PERIOD, "末尾自带顿号", notice(cc=("市人民政府办公室、", "市财政局")), "抄送机关"),
    Case(
        DUPLICATES,
        "主送又抄送",
        notice(cc=("市人民政府办公室", "各区发展改革局")),
        "抄送机关",
        "“各区发展改革局”已是主送机关",
    ),
    Case(DUPLICATES, "抄送重复", notice(cc=("市财政局、市人民政府办公室、市财政局",)), "抄送机关"),
    Case(DUPLICATES, "主送重复", notice(recipients=("市财政局", "市 财政局")), "主送机关"),
    Case(DIRECTION, "函作上行文", letter(direction=Direction.UPWARD), "行文方向", "平行文"),
    Case(REQUEST_REPLY, "批复作上行文", request(doc_type=DocType.REPLY), "行文方向", "下行文"),
    Case(REQUEST_REPLY, "批复作平行文", letter(doc_type=DocType.REPLY), "行文方向", "下行文"),
    Case(REQUEST_REPLY, "请示作下行文", request(direction=Direction.DOWNWARD), "行文方向"),
    Case(DIRECTION, "报告作平行文", request(doc_type=DocType.REPORT, direction=Direction.LATERAL)),
]

PASSING = [
    Case(MISSING, "请示有主送", request()),
    Case(MISSING, "公告无主送", notice(doc_type=DocType.ANNOUNCEMENT, recipients=())),
    Case(MISSING, "通知可无主送", notice(recipients=())),
    Case(COLON, "名称不带冒号", notice()),
    Case(COLON, "一项中用顿号和逗号分隔", notice(recipients=("各区人民政府，市政府各委、办、局",))),
    Case(COLON, "无主送不查", notice(recipients=())),
    Case(SINGLE, "一个上级机关", request()),
    Case(SINGLE, "通知可主送多个", notice()),
    Case(LOWER_CC, "上行文抄送同级", request(cc=("测试市人民政府", "测试市财政局"))),
    Case(LOWER_CC, "下行文抄送各区", notice(cc=("各区人民政府",))),
    Case(INDIVIDUAL, "主送机关", request()),
    Case(INDIVIDUAL, "下行文不查", notice(recipients=("各区发展改革局局长",))),
    Case(CC_PERIOD, "名称不带句号", notice()),
    Case(CC_PERIOD, "一项中用逗号分隔", notice(cc=("市人民政府办公室，市财政局",))),
    Case(CC_PERIOD, "无抄送", notice(cc=())),
    Case(DUPLICATES, "不重复", notice()),
    Case(
        DUPLICATES,
        "括号内的顿号不拆分",
        notice(recipients=("各县（市、区）人民政府", "各区（市、县）财政局")),
    ),
    Case(DIRECTION, "函作平行文", letter()),
    Case(DIRECTION, "批复的方向由另一条规则查", request(doc_type=DocType.REPLY)),
    Case(DIRECTION, "请示的方向由另一条规则查", request(direction=Direction.DOWNWARD)),
    Case(REQUEST_REPLY, "批复作下行文", notice(doc_type=DocType.REPLY)),
    Case(REQUEST_REPLY, "请示作上行文", request()),
    Case(REQUEST_REPLY, "函不查", letter()),
    Case(DIRECTION, "意见可上可下", request(doc_type=DocType.OPINION)),
]


test_rule_reports, test_rule_accepts = rule_tests(FAILING, PASSING)


def test_what_the_regulations_forbid_outright_is_an_error() -> None:
    """条例 forbids these outright (第八条, 第十五条): errors, which block 送审, 核稿 and 签发."""
    from govoa.documents.checker import RULES, Severity

    severities = {rule.id: rule.severity for rule in RULES}
    for rule in (REQUEST_REPLY, INDIVIDUAL, "REG-15-report-no-request"):
        assert severities[rule] == Severity.ERROR, rule
    assert severities[DIRECTION] == Severity.WARNING  # 报告、函: a matter of practice
