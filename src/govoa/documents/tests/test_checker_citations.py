"""引文 rules: a cited document by its title first, and the cited 发文字号 with 〔〕."""

import pytest

from govoa.documents.checker import CheckInput, check
from govoa.documents.tests.checker_samples import Case, notice, rule_tests

TITLE_FIRST = "REG-20-citation-title-first"
BRACKETS = "GB9704-7.2.5-cited-number-brackets"
ASCII = "GB15834-ascii-punctuation"

OPENING = "为做好有关工作，现通知如下。\n"
SECOND = "正文第2段"
CITED = "《国务院办公厅关于进一步做好重点项目储备工作的通知》（国办发〔2025〕5号）"


def text(line: str) -> CheckInput:
    return notice(raw_body=OPENING + line)


FAILING = [
    Case(TITLE_FIRST, "只引字号", text("根据国办发〔2025〕5号文件精神，制定本方案。"), SECOND),
    Case(
        TITLE_FIRST,
        "字号在标题之前",
        text("根据国办发〔2025〕5号《国务院办公厅关于进一步做好重点项目储备工作的通知》。"),
        SECOND,
        "先引标题",
    ),
    Case(TITLE_FIRST, "括号里的字号前无标题", text("按照上级通知（国办发〔2025〕5号）执行。")),
    Case(
        BRACKETS,
        "方括号",
        text("根据《关于做好储备工作的通知》（国办发[2025]5号）执行。"),
        SECOND,
        "“国办发〔2025〕5号”",
    ),
    Case(
        BRACKETS,
        "半角圆括号",
        text("根据《关于做好储备工作的通知》（国办发(2025)5号）执行。"),
        SECOND,
        "“国办发〔2025〕5号”",
    ),
    Case(BRACKETS, "全角圆括号", text("根据《关于做好储备工作的通知》（国办发（2025）5号）执行。")),
    Case(BRACKETS, "方头括号", text("根据《关于做好储备工作的通知》（国办发【2025】5号）执行。")),
    Case(
        BRACKETS,
        "附件说明中",
        notice(raw_attachment_note="附件：1. 国办发[2025]5号文件摘要\n2. 项目申报材料目录"),
        "附件说明第1项",
        "“国办发〔2025〕5号”",
    ),
]

PASSING = [
    Case(TITLE_FIRST, "先标题后字号", text(f"根据{CITED}，制定本方案。")),
    Case(TITLE_FIRST, "不引公文", notice()),
    Case(TITLE_FIRST, "本文的字号不在正文中", notice(doc_number="测发改发〔2026〕12号")),
    Case(TITLE_FIRST, "两份公文", text(f"根据{CITED}和{CITED}，制定本方案。")),
    Case(BRACKETS, "六角括号", text(f"根据{CITED}，制定本方案。")),
    Case(BRACKETS, "年份不是字号", text("（2026）年度计划已下达，见附件1（2027年）。")),
]


test_rule_reports, test_rule_accepts = rule_tests(FAILING, PASSING)


@pytest.mark.parametrize("written", ["国办发(2025)5号", "国办发（2025）5号", "国办发[2025]5号"])
def test_following_every_suggestion_gives_a_correct_citation(written: str) -> None:
    """The half-width “(” is not a matter of 全角 here: the 发文字号 takes 〔〕, and the
    message says the whole correct number, so a drafter who follows it is done."""
    line = f"根据《关于做好储备工作的通知》（{written}）执行。"
    findings = [f for f in check(text(line)) if f.place == SECOND]
    assert [f.rule for f in findings] == [BRACKETS]
    fixed = line.replace(written, "国办发〔2025〕5号")
    assert fixed in findings[0].message or "国办发〔2025〕5号" in findings[0].message
    assert [f for f in check(text(fixed)) if f.place == SECOND] == []
