"""联合行文 rules of the checker: each breaks and each holds."""

import pytest

from govoa.documents.structure import Signatory
from govoa.documents.tests.checker_samples import (
    AGENCY,
    Case,
    assert_fails,
    assert_passes,
    notice,
    request,
)

MARK = "GB9704-7.2.4-joint-mark-order"
SIGNERS = "REG-9-joint-signers-upward"
NUMBER = "REG-9-joint-one-number"
FINANCE = "测试市财政局"
BOTH = (Signatory(AGENCY), Signatory(FINANCE))

FAILING = [
    Case(
        MARK,
        "署名顺序与标志不同",
        notice(issuer_names=(AGENCY, FINANCE), signatories=tuple(reversed(BOTH))),
        "发文机关署名",
        "主办机关在前",
    ),
    Case(MARK, "署名少了联署机关", notice(issuer_names=(AGENCY, FINANCE)), "发文机关署名"),
    Case(
        MARK,
        "标志重复",
        notice(issuer_names=(AGENCY, AGENCY), signatories=(Signatory(AGENCY),) * 2),
        "发文机关标志",
    ),
    Case(
        SIGNERS,
        "上行联合行文只有主办机关签发人",
        request(signatories=BOTH, issuer_names=(AGENCY, FINANCE)),
        "签发人",
        "2个机关",
    ),
    Case(
        NUMBER,
        "标了两个字号",
        notice(signatories=BOTH, doc_number="测发改发〔2026〕12号 测财发〔2026〕3号"),
        "发文字号",
    ),
]

PASSING = [
    Case(MARK, "标志与署名一致", notice(issuer_names=(AGENCY, FINANCE), signatories=BOTH)),
    Case(MARK, "只用主办机关标志", notice(signatories=BOTH)),
    Case(
        SIGNERS,
        "每个机关都有签发人",
        request(signatories=BOTH, signers=("张某某", "王某某"), issuer_names=(AGENCY, FINANCE)),
    ),
    Case(SIGNERS, "下行文不要求", notice(signatories=BOTH)),
    Case(NUMBER, "一个字号", notice(signatories=BOTH)),
]


@pytest.mark.parametrize("case", FAILING, ids=str)
def test_failing(case: Case) -> None:
    assert_fails(case)


@pytest.mark.parametrize("case", PASSING, ids=str)
def test_passing(case: Case) -> None:
    assert_passes(case)
