"""The checker as a whole: correct samples give no findings, every rule is registered with a
clause and has failing and passing cases, odd input does not break it, the docs list every
rule."""

import itertools
import re
from dataclasses import replace
from pathlib import Path

import pytest

from govoa.documents.checker import RULES, CheckInput, Finding, Rule, Severity, Stage, check
from govoa.documents.structure import Layout, OfficialDocument, Signatory
from govoa.documents.tests import (
    test_checker_attachments,
    test_checker_body,
    test_checker_citations,
    test_checker_header,
    test_checker_joint,
    test_checker_recipients,
    test_checker_signature_dates,
    test_checker_title,
    test_checker_typography,
)
from govoa.documents.tests.checker_samples import NOTICE, SAMPLES, Case, findings_of, notice
from govoa.documents.vocabulary import Direction, DocType

CASE_MODULES = (
    test_checker_header,
    test_checker_title,
    test_checker_recipients,
    test_checker_body,
    test_checker_citations,
    test_checker_typography,
    test_checker_attachments,
    test_checker_signature_dates,
    test_checker_joint,
)
FAILING: list[Case] = [case for module in CASE_MODULES for case in module.FAILING]
PASSING: list[Case] = [case for module in CASE_MODULES for case in module.PASSING]
RULE_IDS = {rule.id for rule in RULES}
CHINESE = re.compile("[\u4e00-\u9fff]")
DOCS = Path(__file__).resolve().parents[4] / "docs" / "apps" / "documents-checker.md"


@pytest.mark.parametrize("name", SAMPLES)
def test_a_correct_document_gives_no_findings(name: str) -> None:
    assert check(SAMPLES[name]) == []


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("stage", list(Stage))
def test_a_correct_document_gives_no_findings_at_any_stage(name: str, stage: Stage) -> None:
    assert check(replace(SAMPLES[name], stage=stage)) == []


def test_there_are_at_least_25_rules_with_unique_ids() -> None:
    assert len(RULES) >= 25
    assert len(RULE_IDS) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_is_documented_with_its_source(rule: Rule) -> None:
    assert re.fullmatch(r"(GB9704|GB15834|GB15835|REG)-[0-9.]*-?[a-z0-9-]+", rule.id)
    assert CHINESE.search(rule.title)
    assert rule.clause.startswith(("GB/T 9704-2012", "《党政机关公文处理工作条例》"))
    assert rule.severity in set(Severity)
    assert rule.area


def test_every_rule_has_a_failing_case_that_produces_it() -> None:
    produced = {case.rule for case in FAILING if findings_of(case)}
    assert produced == RULE_IDS, f"no failing case for {sorted(RULE_IDS - produced)}"


def test_every_rule_has_a_passing_case() -> None:
    covered = {case.rule for case in PASSING}
    assert covered == RULE_IDS, f"no passing case for {sorted(RULE_IDS - covered)}"


def test_cases_name_only_registered_rules() -> None:
    assert {case.rule for case in FAILING + PASSING} <= RULE_IDS


def test_findings_carry_their_rule_s_severity_clause_and_note() -> None:
    rules = {rule.id: rule for rule in RULES}
    for case in FAILING:
        for finding in findings_of(case):
            rule = rules[finding.rule]
            assert (finding.severity, finding.clause, finding.note) == (
                rule.severity,
                rule.clause,
                rule.note,
            )
            assert CHINESE.search(finding.place), case
            assert CHINESE.search(finding.message), case
            assert finding.message.endswith("。"), case


def test_rules_flagged_as_uncertain_in_the_standards_say_so() -> None:
    # standards.md marks 条例 第十二—十七条 (条号) and 第九条（十四）—（十八） as 【待核】.
    for rule in RULES:
        if "第十五条" in rule.clause or "（十六）" in rule.clause or "（十七）" in rule.clause:
            assert "待核" in rule.note, rule.id


def test_findings_are_listed_in_the_order_of_the_page() -> None:
    broken = notice(urgency="紧急", title="通知。", date="2026年07月01日")
    places = [finding.place for finding in check(broken)]
    assert places.index("紧急程度") < places.index("标题") < places.index("成文日期")


def test_a_heuristic_is_a_warning() -> None:
    findings = check(notice(raw_body="为做好有关工作，现通知如下。\n各区 各单位要高度重视。"))
    assert [(f.rule, f.severity) for f in findings] == [("GB15834-spaces", Severity.WARNING)]
    assert isinstance(findings[0], Finding)


EMPTY = OfficialDocument(title="")
ODD = OfficialDocument(
    title="《》",
    doc_number="〔〕号",
    recipients=("：", ""),
    cc=("。",),
    signatories=(Signatory(""),),
    date="年月日",
    print_date="印发",
    note="（）",
    copy_number="x",
    secrecy_period="★",
)


@pytest.mark.parametrize(
    ("document", "layout", "stage"),
    list(itertools.product([EMPTY, ODD], list(Layout), list(Stage))),
)
def test_odd_input_does_not_break_the_checker(
    document: OfficialDocument, layout: Layout, stage: Stage
) -> None:
    for doc_type, direction in itertools.product(DocType.values, Direction.values):
        subject = CheckInput(
            document=replace(document, layout=layout),
            direction=direction,
            doc_type=doc_type,
            stage=stage,
            classification_level=3,
            raw_body="一、\n（十一）\n（一百）测试\n1.\n附件：\n九十九、甲\n（九十九）乙\n一、丙\n",
            attachment_files=("", ".pdf"),
            raw_attachment_note="附件：\n\n1.",
            agency_code="测发改",
        )
        assert all(isinstance(finding, Finding) for finding in check(subject))


@pytest.mark.parametrize(
    "changes",
    [{"direction": "up"}, {"doc_type": "memo"}, {"stage": "done"}, {"classification_level": 5}],
)
def test_a_wrong_value_in_the_input_is_a_programming_error(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="unknown"):
        replace(NOTICE, **changes)


def test_the_documentation_lists_every_rule() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [rule.id for rule in RULES if f"`{rule.id}`" not in text]
    assert not missing, f"docs/apps/documents-checker.md lacks {missing}"


@pytest.mark.parametrize(
    ("number", "written"),
    [
        (1, "一"),
        (10, "十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (999, "九百九十九"),
        (1000, "1000"),
    ],
)
def test_heading_ordinals_in_chinese(number: int, written: str) -> None:
    from govoa.documents.checker.text import to_chinese_numeral

    assert to_chinese_numeral(number) == written
