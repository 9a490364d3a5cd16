"""The printout as a 文秘 measures it (issue 20): the rendered PDFs of a multi-page 通知 with
short attachment names, a 请示 with three 签发人, a 函, a 纪要 and a draft, read with
PyMuPDF. Every full line ends on the 版心's right edge (两端对齐, 184 mm from the paper's
left edge), no attachment name wraps before a full line, the 版记 ends an even page (or
stands after an unnumbered blank page, unnumbered itself), and a draft's 署名 stays inside
the 版心."""

from dataclasses import replace

import pytest

from govoa.documents.bodytext import parse_body
from govoa.documents.rendering.pdf import render_pdf
from govoa.documents.structure import AttachmentNote, OfficialDocument
from govoa.documents.tests import samples
from govoa.documents.tests.geometry import (
    TYPE_LEFT,
    TYPE_RIGHT,
    Page,
    body_lines,
    lines_of,
    read,
)

SHORT_NAMES = ("安全生产检查表", "联系人名单")
FILLER = "各单位要高度重视，认真落实。"


def notice(extra: int = 0, *, cc_times: int = 1, bodies: bool = True) -> OfficialDocument:
    """The multi-page 通知 (four heading levels, seal, 附注, 抄送) with two short attachment
    names; ``extra`` short paragraphs move where its text ends."""
    base = samples.sample_notice(pages=4)
    attachments = tuple(
        AttachmentNote(name, body=note.body if bodies else ())
        for name, note in zip(SHORT_NAMES, base.attachments, strict=True)
    )
    body = base.body + parse_body("\n".join([FILLER] * extra)) if extra else base.body
    return replace(base, body=body, attachments=attachments, cc=base.cc * cc_times)


DOCUMENTS = {
    "通知": notice(),
    "通知（版记随正文）": notice(extra=2, bodies=False),
    "通知（收紧行距）": notice(extra=22, bodies=False),
    "通知（空白页）": notice(extra=22, cc_times=3, bodies=False),
    "通知（正文止于单页）": notice(extra=24, bodies=False),
    "请示": samples.sample_request(),
    "函": samples.sample_letter(),
    "纪要": samples.sample_minutes(),
}


@pytest.fixture(scope="module")
def printed() -> dict[str, list[Page]]:
    return {name: read(render_pdf(doc)) for name, doc in DOCUMENTS.items()}


def _blocks(doc: OfficialDocument) -> list[str]:
    """The texts that flow over lines of 三号 at the 版心's full width: 正文 paragraphs
    (also of 附件 pages) and 主送机关."""
    texts = ["，".join(doc.recipients) + "：" if doc.recipients else ""]
    texts += [p.text for p in doc.body]
    texts += [p.text for note in doc.attachments for p in note.body]
    return [text for text in texts if text]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_full_line_ends_on_the_type_area_s_right_edge(printed, name):
    doc, pages = DOCUMENTS[name], printed[name]
    lines = body_lines(pages)
    checked = 0
    for text in _blocks(doc):
        printed_lines = lines_of(lines, text)
        for line in printed_lines[:-1]:  # a paragraph's last line may end anywhere
            assert line.x1 == pytest.approx(TYPE_RIGHT, abs=0.5), (name, line.text)
            checked += 1
        assert printed_lines[-1].x1 <= TYPE_RIGHT + 0.5
        for line in printed_lines[1:]:
            assert line.x0 == pytest.approx(TYPE_LEFT, abs=0.3)  # 回行顶格
    assert checked or len(_blocks(doc)) <= 3  # the multi-page ones have many full lines


@pytest.mark.parametrize("name", [n for n in DOCUMENTS if n.startswith("通知")])
def test_short_attachment_names_are_not_wrapped(printed, name):
    lines = body_lines(printed[name])
    first = next(line for line in lines if line.plain.startswith("附件："))
    assert first.plain == "附件：1.安全生产检查表"
    second = lines[lines.index(first) + 1]
    assert second.plain == "2.联系人名单"
    assert second.x0 == pytest.approx(first.x0 + 3 * 156 / 28, abs=0.3)  # under “1.”


def test_a_long_attachment_name_wraps_after_a_full_line_under_its_first_character():
    long_name = "2027年度市级重点项目谋划储备工作申报材料目录及填报说明（含各区县汇总表）"
    doc = replace(samples.sample_request(), attachments=(AttachmentNote(long_name),))
    lines = body_lines(read(render_pdf(doc)))
    note = lines_of(lines, "附件：" + long_name)
    assert len(note) == 2
    assert note[0].x1 == pytest.approx(TYPE_RIGHT, abs=0.5)
    name_left = note[0].x0 + 3 * 156 / 28
    assert note[1].x0 == pytest.approx(name_left, abs=0.3)  # 回行与名称首字对齐


def _colophon_page(pages: list[Page]) -> Page:
    return next(
        p
        for p in pages
        if any(line.plain.startswith("抄送：") or line.plain.endswith("印发") for line in p.lines)
    )


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_colophon_ends_an_even_page(printed, name):
    pages = printed[name]
    page = _colophon_page(pages)
    assert page is pages[-1]
    assert page.number % 2 == 0, f"{name}: 版记 on page {page.number}"
    before = pages[page.number - 2]
    if before.blank:  # 版记页前有空白页的，空白页和版记页均不编排页码 (7.5)
        assert before.folio is None
        assert page.folio is None
    elif name != "函" or page.number > 1:
        assert page.folio == str(page.number)


def test_each_way_of_placing_the_colophon_is_exercised(printed):
    """The fixtures cover the four cases of rendering/pagination.py."""
    alone = printed["通知（正文止于单页）"]
    assert alone[-1].body[0].plain.startswith("抄送：")  # alone after an odd page
    assert _colophon_page(printed["通知（版记随正文）"]).body[0].plain.startswith(FILLER[:6])
    tight = _colophon_page(printed["通知（收紧行距）"])
    pitches = {round(b.top - a.top, 1) for a, b in zip(tight.body, tight.body[1:6], strict=False)}
    assert max(pitches) < 10.2  # the last page's lines were set closer
    assert min(pitches) >= 0.85 * 10.227 - 0.1
    blank = printed["通知（空白页）"]
    assert blank[-2].blank
    assert [p.folio for p in blank[-2:]] == [None, None]


@pytest.mark.parametrize("sealed", [True, False], ids=["sealed", "unsealed"])
def test_a_draft_s_signature_stands_inside_the_type_area(sealed):
    draft = replace(samples.sample_notice(pages=1), date="", doc_number="", copy_number="")
    draft = replace(draft, signatories=(replace(draft.signatories[0], sealed=sealed),))
    lines = body_lines(read(render_pdf(draft)))
    signatory = next(line for line in lines if line.plain == "某市发展和改革委员会")
    assert signatory.x0 >= TYPE_LEFT - 0.1
    assert signatory.x1 <= TYPE_RIGHT + 0.1
