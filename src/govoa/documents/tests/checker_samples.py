"""Realistic, fully correct 公文 for the format checker's tests, and helpers that change one
thing in them. Every sample must give zero findings: that guards against false positives."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import pytest

from govoa.documents.bodytext import parse_body
from govoa.documents.checker import CheckInput, Finding, check
from govoa.documents.structure import AttachmentNote, Layout, OfficialDocument, Signatory
from govoa.documents.vocabulary import Direction, DocType

AGENCY = "测试市发展和改革委员会"

NOTICE_BODY = """\
为做好2027年重点项目谋划储备工作，根据《测试市国民经济和社会发展第十五个五年规划纲要》，现就有关事项通知如下。
一、总体要求
（一）指导思想。坚持问题导向和目标导向，围绕产业升级、城市更新、民生保障三个方向，谋划一批打基础、利长远的重大项目。
（二）工作目标。2027年全市储备重点项目不少于300个，总投资约1.5万亿元，其中新开工项目占比不低于40%。
二、工作安排
（一）项目谋划。各区、各单位要于2026年12月15日前完成项目梳理，填报“2027年重点项目储备清单”（见附件1）。
（二）审核入库。市发展改革委会同有关部门对申报项目进行审核，集中审核时间为每周三上午9:30至11:30。入库项目应当符合以下条件：
1. 符合国家产业政策和本市发展规划；
2. 前期工作达到可行性研究深度，其中：
（1）已完成用地预审的，优先入库；
（2）已明确资金来源的，优先入库。
三、工作要求
各区、各单位要高度重视，明确专人负责，按照《项目申报材料目录》（见附件2）准备材料，确保按时保质完成。
联系人：王某某，联系电话：0571-12345678。
"""

NOTICE = CheckInput(
    document=OfficialDocument(
        title=f"{AGENCY}关于做好2027年重点项目谋划储备工作的通知",
        doc_type=DocType.NOTICE,
        issuer_mark=f"{AGENCY}文件",
        doc_number="测发改发〔2026〕12号",
        recipients=("各区发展改革局", "市直有关单位"),
        body=parse_body(NOTICE_BODY),
        attachments=(
            AttachmentNote("2027年重点项目储备清单"),
            AttachmentNote("项目申报材料目录"),
        ),
        signatories=(Signatory(AGENCY),),
        date="2026年11月20日",
        note="此件公开发布",
        cc=("市人民政府办公室", "市财政局"),
        printer=f"{AGENCY}办公室",
        print_date="2026年11月23日",
    ),
    direction=Direction.DOWNWARD,
    doc_type=DocType.NOTICE,
    stage="final",
    raw_body=NOTICE_BODY,
    attachment_files=("附件1：2027年重点项目储备清单.xlsx", "项目申报材料目录.docx"),
    agency_code="测发改",
    raw_attachment_note="附件：1. 2027年重点项目储备清单\n      2. 项目申报材料目录",
)

REQUEST_BODY = """\
为加快补齐农村基础设施短板，带动群众就地就近务工增收，我委组织各区开展了2027年以工代赈项目谋划工作。现将有关情况请示如下。
一、项目基本情况
经各区申报、我委审核，全市共筛选以工代赈项目12个，总投资8600万元，拟发放劳务报酬2100万元，可带动当地群众务工1500人次。项目清单见附件。
二、申请事项
恳请省发展改革委在安排2027年以工代赈中央预算内投资时，对我市予以倾斜支持，安排资金5000万元。
妥否，请批示。
"""

REQUEST = CheckInput(
    document=OfficialDocument(
        title=f"{AGENCY}关于申请安排2027年以工代赈中央预算内投资的请示",
        doc_type=DocType.REQUEST,
        issuer_mark=f"{AGENCY}文件",
        doc_number="测发改〔2026〕35号",
        signers=("张某某",),
        upward=True,
        recipients=("测试省发展和改革委员会",),
        body=parse_body(REQUEST_BODY),
        attachments=(AttachmentNote("2027年以工代赈项目汇总表"),),
        signatories=(Signatory(AGENCY),),
        date="2026年11月18日",
        note="联系人：李某，电话：0571-87654321",
        cc=("测试市人民政府",),
        printer=f"{AGENCY}办公室",
        print_date="2026年11月19日",
    ),
    direction=Direction.UPWARD,
    doc_type=DocType.REQUEST,
    stage="review",
    raw_body=REQUEST_BODY,
    attachment_files=("附件-2027年以工代赈项目汇总表.pdf",),
    agency_code="测发改",
    raw_attachment_note="附件：2027年以工代赈项目汇总表",
)

LETTER_BODY = """\
为做好2026年度能耗双控考核工作，需使用全市重点用能企业的能源消费数据。请贵局于2026年12月1日前提供2026年1月至10月全市重点用能企业能源消费统计数据，并通过机要渠道报送我委。
联系人：赵某，电话：0571-87001234。
特此函告。
"""

LETTER = CheckInput(
    document=OfficialDocument(
        title=f"{AGENCY}关于商请提供2026年度重点用能企业能源消费数据的函",
        doc_type=DocType.LETTER,
        layout=Layout.LETTER,
        copy_number="000012",
        classification="秘密",
        secrecy_period="1年",
        urgency="加急",
        issuer_mark=AGENCY,
        doc_number="测发改函〔2026〕8号",
        recipients=("测试市统计局",),
        body=parse_body(LETTER_BODY),
        signatories=(Signatory(AGENCY),),
        date="2026年11月16日",
    ),
    direction=Direction.LATERAL,
    doc_type=DocType.LETTER,
    stage="final",
    classification_level=2,
    raw_body=LETTER_BODY,
    agency_code="测发改",
)

MINUTES_BODY = """\
2026年11月10日，主任张某某主持召开2026年第5次主任办公会议，研究年度重点工作推进等事项。现纪要如下。
一、关于重点项目推进情况
会议听取了规划处关于全市重点项目推进情况的汇报。会议要求，各处室要对照年度目标，逐项梳理进度，确保年底前完成投资计划的95%以上。
二、关于2027年部门预算编制
会议原则同意办公室提出的2027年部门预算编制方案，请办公室根据会议意见修改完善后按程序报送。
"""

MINUTES = CheckInput(
    document=OfficialDocument(
        title=f"{AGENCY}2026年第5次主任办公会议纪要",
        doc_type=DocType.MINUTES,
        layout=Layout.MINUTES,
        issuer_mark=f"{AGENCY}主任办公会议纪要",
        body=parse_body(MINUTES_BODY),
        date="2026年11月12日",
        attendees=("张某某、王某某、李某某",),
        absentees=("赵某某（出差）",),
        printer=f"{AGENCY}办公室",
        print_date="2026年11月12日",
    ),
    direction=Direction.DOWNWARD,
    doc_type=DocType.MINUTES,
    stage="final",
    raw_body=MINUTES_BODY,
)

SAMPLES = {"notice": NOTICE, "request": REQUEST, "letter": LETTER, "minutes": MINUTES}

_DOCUMENT_FIELDS = {f.name for f in fields(OfficialDocument)}
_INPUT_FIELDS = {f.name for f in fields(CheckInput)} - {"document"}


def vary(sample: CheckInput, **changes: Any) -> CheckInput:
    """``sample`` with some fields of the input or of its document changed. ``doc_type`` goes
    to both; a new ``raw_body`` also becomes the document's parsed body unless ``body`` is
    given too."""
    unknown = set(changes) - _DOCUMENT_FIELDS - _INPUT_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    document_changes = {k: v for k, v in changes.items() if k in _DOCUMENT_FIELDS}
    input_changes = {k: v for k, v in changes.items() if k in _INPUT_FIELDS}
    if "raw_body" in changes and "body" not in changes:
        document_changes["body"] = parse_body(changes["raw_body"])
    document = replace(sample.document, **document_changes)
    return replace(sample, document=document, **input_changes)


def notice(**changes: Any) -> CheckInput:
    return vary(NOTICE, **changes)


def request(**changes: Any) -> CheckInput:
    return vary(REQUEST, **changes)


def letter(**changes: Any) -> CheckInput:
    return vary(LETTER, **changes)


def minutes(**changes: Any) -> CheckInput:
    return vary(MINUTES, **changes)


@dataclass(frozen=True)
class Case:
    """One test of one rule: ``input`` breaks the rule (a failing case: a finding of ``rule``
    is expected, at ``place`` and saying ``says`` when given) or keeps it (a passing case)."""

    rule: str
    why: str
    input: CheckInput
    place: str = ""
    says: str = ""

    def __str__(self) -> str:
        return f"{self.rule}: {self.why}"


def findings_of(case: Case) -> list[Finding]:
    return [finding for finding in check(case.input) if finding.rule == case.rule]


def assert_fails(case: Case) -> None:
    found = findings_of(case)
    assert found, f"{case}: no finding of {case.rule}; got {check(case.input)}"
    if case.place:
        assert case.place in {f.place for f in found}, f"{case}: places {[f.place for f in found]}"
    if case.says:
        assert any(case.says in f.message for f in found), f"{case}: {[f.message for f in found]}"


def assert_passes(case: Case) -> None:
    found = findings_of(case)
    assert not found, f"{case}: unexpected {found}"


def rule_tests(
    failing: Sequence[Case], passing: Sequence[Case]
) -> tuple[Callable[[Case], None], Callable[[Case], None]]:
    """A rules module's two tests over its cases, meant to be bound as
    ``test_rule_reports, test_rule_accepts = rule_tests(FAILING, PASSING)``: every failing
    case is reported, every passing one accepted, each case a test of its own."""

    @pytest.mark.parametrize("case", failing, ids=str)
    def test_rule_reports(case: Case) -> None:
        assert_fails(case)

    @pytest.mark.parametrize("case", passing, ids=str)
    def test_rule_accepts(case: Case) -> None:
        assert_passes(case)

    return test_rule_reports, test_rule_accepts
