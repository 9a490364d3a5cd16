"""The PDF renderer measured with pdfplumber against GB/T 9704-2012 (no database needed).

Positions are in mm from the paper's top-left corner; a character's ``top`` is the top of its
em box, which is what a ruler on the printed page measures."""

import io
from dataclasses import dataclass, replace

import pdfplumber
import pytest
from django.template import engines

from govoa.documents.rendering import geometry as g
from govoa.documents.rendering.fonts import FontsMissing
from govoa.documents.rendering.pdf import html_to_pdf, render_pdf
from govoa.documents.rendering.weasy import LocalFileFetcher
from govoa.documents.tests import samples

MM = 72 / 25.4
TYPE_BOTTOM = g.MARGIN_TOP + g.TYPE_HEIGHT  # 262 mm
RED = (1.0, 0.0, 0.0)


@dataclass
class Line:
    top: float
    x0: float
    x1: float
    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.chars) / MM

    def fonts(self) -> set[str]:
        return {c["fontname"].split("+")[-1] for c in self.chars}

    def sizes(self) -> set[float]:
        return {round(c["size"], 1) for c in self.chars}

    def chars_of(self, text: str) -> list[dict]:
        start = self.text.index(text)
        return self.chars[start : start + len(text)]


class Page:
    def __init__(self, page):
        self.number = page.page_number
        self.width, self.height = page.width / MM, page.height / MM
        rows: dict[int, list[dict]] = {}
        for char in sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"])):
            rows.setdefault(round(char["top"]), []).append(char)
        self.lines = [
            Line(top / MM, row[0]["x0"] / MM, row[-1]["x1"] / MM, row) for top, row in rows.items()
        ]
        self.rects = [
            {
                "x0": r["x0"] / MM,
                "x1": r["x1"] / MM,
                "top": r["top"] / MM,
                "bottom": r["bottom"] / MM,
                "color": tuple(r.get("non_stroking_color") or ()),
            }
            for r in page.rects
        ]

    @property
    def body(self) -> list[Line]:
        """Lines inside the 版心 (the page number stands below it)."""
        return [line for line in self.lines if line.top < TYPE_BOTTOM]

    @property
    def page_number(self) -> Line | None:
        return next((line for line in self.lines if line.top > TYPE_BOTTOM), None)

    def line(self, starting: str) -> Line:
        return next(line for line in self.lines if line.text.startswith(starting))

    def red_rects(self) -> list[dict]:
        return [r for r in self.rects if r["color"] == RED]


def read(pdf: bytes) -> list[Page]:
    assert pdf.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [Page(page) for page in document.pages]


@pytest.fixture(scope="module")
def notice_pages() -> list[Page]:
    return read(render_pdf(samples.sample_notice(pages=4)))


def full_body_pages(pages: list[Page]) -> list[Page]:
    return [page for page in pages if len(page.body) == g.LINES_PER_PAGE]


def test_pages_are_a4(notice_pages):
    assert len(notice_pages) >= 6
    for page in notice_pages:
        assert page.width == pytest.approx(210, abs=0.5)
        assert page.height == pytest.approx(297, abs=0.5)


def test_a_full_page_has_22_lines_inside_the_margins(notice_pages):
    full = full_body_pages(notice_pages)
    assert full, "no page is full of 正文"
    assert max(len(page.body) for page in notice_pages) == g.LINES_PER_PAGE
    for page in full:
        assert page.body[0].top == pytest.approx(37, abs=1)  # 天头
        assert min(line.x0 for line in page.body) == pytest.approx(28, abs=1)  # 订口
        assert page.body[-1].bottom < TYPE_BOTTOM
        steps = [b.top - a.top for a, b in zip(page.body, page.body[1:], strict=False)]
        assert steps == pytest.approx([g.LINE] * 21, abs=0.05)


def test_a_full_line_holds_28_characters(notice_pages):
    lines = [line for page in full_body_pages(notice_pages) for line in page.body]
    full_width = [line for line in lines if all(c["x1"] - c["x0"] > 5 * MM for c in line.chars)]
    assert max(len(line.chars) for line in full_width) == g.CHARS_PER_LINE
    for line in lines:
        assert line.x1 - 28 <= g.TYPE_WIDTH + 0.5
    full = [line for line in full_width if len(line.chars) == g.CHARS_PER_LINE]
    assert full[0].x0 == pytest.approx(28, abs=0.2)
    assert full[0].x1 == pytest.approx(184, abs=0.5)


def test_type_sizes_and_faces(notice_pages):
    first = notice_pages[0]
    title = first.line("某市发展和改革委员会关于")
    assert title.sizes() == {22.0}
    assert title.fonts() == {"小标宋"}
    paragraph = first.line("各区县发展改革局，市直有关部门：")
    assert paragraph.sizes() == {16.0}
    assert paragraph.fonts() == {"仿宋"}
    body = [line for page in full_body_pages(notice_pages) for line in page.body]
    assert {size for line in body for size in line.sizes()} == {16.0}
    heading_1 = next(
        line for page in notice_pages for line in page.lines if line.text == "二、主要任务"
    )
    assert heading_1.fonts() == {"黑体"}
    heading_2 = next(
        line for page in notice_pages for line in page.lines if line.text.startswith("（一）聚焦")
    )
    assert heading_2.fonts() == {"楷体"}
    heading_3 = next(
        line for page in notice_pages for line in page.lines if line.text.startswith("（1）先进")
    )
    assert heading_3.fonts() == {"仿宋"}


def test_header_copy_number_classification_urgency_mark_number_and_red_rule(notice_pages):
    first = notice_pages[0]
    assert first.lines[0].text == "000123"
    assert first.lines[0].top == pytest.approx(37, abs=0.5)
    assert first.lines[0].x0 == pytest.approx(28, abs=0.2)
    assert first.line("秘密★1年").fonts() == {"黑体"}
    assert first.line("特急").fonts() == {"黑体"}

    mark = first.line("某市发展和改革委员会文件")
    assert {c["non_stroking_color"] for c in mark.chars} == {RED}
    assert mark.fonts() == {"小标宋"}
    assert mark.top == pytest.approx(37 + 35, abs=0.5)  # 35 mm below the 版心's top
    assert (mark.x0 + mark.x1) / 2 == pytest.approx(106, abs=1)  # centred

    number = first.line("市发改投资〔2026〕128号")
    assert (number.x0 + number.x1) / 2 == pytest.approx(106, abs=1)
    assert number.top - mark.bottom == pytest.approx(2 * g.LINE, abs=0.5)

    (rule,) = first.red_rects()
    assert rule["x1"] - rule["x0"] == pytest.approx(156, abs=1)
    assert rule["x0"] == pytest.approx(28, abs=0.5)
    assert rule["top"] - number.bottom == pytest.approx(4, abs=0.5)

    title = first.line("某市发展和改革委员会关于")
    assert title.top - rule["bottom"] >= 2 * g.LINE  # 空二行
    recipients = first.line("各区县发展改革局")
    assert recipients.x0 == pytest.approx(28, abs=0.2)
    assert recipients.text.endswith("：")


def test_page_numbers_right_on_odd_and_left_on_even_pages(notice_pages):
    for page in notice_pages:
        number = page.page_number
        assert number is not None
        assert number.text.replace(" ", "") == f"—{page.number}—"
        assert number.sizes() == {14.0}
        assert number.fonts() == {"宋体"}
        assert number.top == pytest.approx(TYPE_BOTTOM + 7, abs=0.5)
        one_char = 14 / 72 * 25.4
        if page.number % 2:
            assert number.x1 == pytest.approx(184 - one_char, abs=1)
        else:
            assert number.x0 == pytest.approx(28 + one_char, abs=1)


def test_attachment_notes_signature_note_and_attachment_pages(notice_pages):
    lines = [(page, line) for page in notice_pages for line in page.lines]
    page, notes = next((p, line) for p, line in lines if line.text.startswith("附件：1."))
    assert notes.x0 == pytest.approx(28 + 2 * g.CHAR, abs=0.3)
    second = page.line("2.2027年度重点项目")
    assert second.x0 == pytest.approx(notes.chars_of("1.")[0]["x0"] / MM, abs=0.3)

    date = page.line("2026年11月23日")
    assert 184 - date.x1 == pytest.approx(4 * g.CHAR, abs=0.5)  # sealed: 右空四字
    signatory = page.line("某市发展和改革委员会")
    assert (signatory.x0 + signatory.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=0.5)
    note = page.line("（此件发至县级）")
    assert note.top - date.top == pytest.approx(g.LINE, abs=0.2)
    assert note.x0 == pytest.approx(28 + 2 * g.CHAR, abs=0.3)

    for label, title in (("附件1", "2027年度市级重点项目储备表"), ("附件2", "2027年度重点项目")):
        page = next(p for p, line in lines if line.text == label)
        assert page.lines[0].text == label
        assert page.lines[0].fonts() == {"黑体"}
        assert page.lines[0].top == pytest.approx(37, abs=0.5)
        heading = page.line(title)
        assert heading.sizes() == {22.0}
        assert heading.top == pytest.approx(37 + 2 * g.LINE, abs=1.5)  # the third line


def test_colophon_at_the_foot_of_the_last_page(notice_pages):
    last = notice_pages[-1]
    rules = sorted((r for r in last.rects if r["color"] == (0.0, 0.0, 0.0)), key=lambda r: r["top"])
    assert len(rules) == 3
    for rule in rules:
        assert rule["x1"] - rule["x0"] == pytest.approx(156, abs=0.5)
    thickness = [round(r["bottom"] - r["top"], 2) for r in rules]
    assert thickness == pytest.approx([0.35, 0.25, 0.35], abs=0.02)
    assert rules[-1]["bottom"] == pytest.approx(TYPE_BOTTOM, abs=0.3)
    cc = last.line("抄送：")
    assert cc.sizes() == {14.0}
    assert cc.x0 == pytest.approx(28 + 14 / MM, abs=0.3)
    assert rules[0]["bottom"] < cc.top < rules[1]["top"]
    printed = last.line("某市发展和改革委员会办公室")
    assert printed.text.endswith("2026年11月24日印发")
    assert 184 - printed.x1 == pytest.approx(14 / MM, abs=0.5)
    cc_text = "".join(
        line.text for line in last.lines if rules[0]["top"] < line.top < rules[1]["top"]
    )
    assert cc_text.endswith("市审计局。")


def test_upward_document_puts_signers_right_and_number_left():
    (page, *_) = read(render_pdf(samples.sample_request()))
    label = next(c for c in page.line("签发人").chars if c["text"] == "签")
    names = [c for line in page.lines for c in line.chars if c["fontname"].endswith("楷体")]
    assert "".join(c["text"] for c in names) == "张某某李某某王某某"
    assert label["fontname"].endswith("仿宋")
    assert max(c["x1"] for c in names) / MM == pytest.approx(184 - g.CHAR, abs=0.5)
    last_row = next(c for c in names if c["text"] == "王")
    assert last_row["x0"] == pytest.approx(names[0]["x0"], abs=0.5)  # 回行与首个姓名对齐
    number = next(line for line in page.lines if "市发改〔2026〕45号" in line.text).chars_of(
        "市发改〔2026〕45号"
    )
    assert number[0]["x0"] / MM == pytest.approx(28 + g.CHAR, abs=0.3)
    assert number[0]["top"] == pytest.approx(last_row["top"], abs=0.5)


def test_unsealed_signature_is_two_characters_from_the_right():
    pages = read(render_pdf(samples.sample_request()))
    page = next(p for p in pages if any(line.text == "2026年11月23日" for line in p.lines))
    signatory = page.line("某市发展和改革委员会")
    date = page.line("2026年11月23日")
    assert 184 - signatory.x1 == pytest.approx(2 * g.CHAR, abs=0.5)
    assert date.x0 - signatory.x0 == pytest.approx(2 * g.CHAR, abs=0.5)
    assert date.top - signatory.top == pytest.approx(g.LINE, abs=0.2)


def test_letter_format():
    letter = samples.sample_letter()
    long_letter = replace(letter, body=samples.sample_notice(pages=2).body)
    pages = read(render_pdf(long_letter))
    first = pages[0]
    mark = first.line("某市发展和改革委员会")
    assert mark.top == pytest.approx(30, abs=0.5)  # 30 mm from the paper's top edge
    assert {c["non_stroking_color"] for c in mark.chars} == {RED}
    double = sorted(first.red_rects(), key=lambda r: r["top"])
    assert len(double) == 4
    for rule in double:
        assert rule["x1"] - rule["x0"] == pytest.approx(170, abs=0.5)
        assert (rule["x0"] + rule["x1"]) / 2 == pytest.approx(106, abs=0.5)
    thick_top, thin_top, thin_bottom, thick_bottom = double
    assert thick_top["bottom"] - thick_top["top"] > thin_top["bottom"] - thin_top["top"]  # 上粗下细
    assert thick_bottom["bottom"] - thick_bottom["top"] > thin_bottom["bottom"] - thin_bottom["top"]
    assert thick_top["top"] - mark.bottom == pytest.approx(4, abs=0.5)
    assert thick_bottom["bottom"] == pytest.approx(297 - 20, abs=0.5)
    row = first.line("000045")
    assert row.x0 == pytest.approx(28, abs=0.2)
    assert row.x1 == pytest.approx(184, abs=0.5)  # 发文字号 flush right on the same line
    assert row.text.endswith("市发改函〔2026〕77号")
    assert first.page_number is None  # no page number on the first page
    assert pages[1].page_number.text.replace(" ", "") == "—2—"
    colophon = pages[-1]
    assert colophon.line("抄送：市政府办公室。")
    assert not any("印发" in line.text for line in colophon.lines)
    assert not [r for r in colophon.rects if r["color"] == (0.0, 0.0, 0.0)]


def test_minutes_format():
    (first, *rest) = read(render_pdf(samples.sample_minutes()))
    mark = first.line("某市发展和改革委员会主任办公会议纪要")
    assert {c["non_stroking_color"] for c in mark.chars} == {RED}
    assert mark.top == pytest.approx(37 + 35, abs=0.5)
    lines = [line for page in (first, *rest) for line in page.lines]
    for label in ("出席：", "请假：", "列席："):
        line = next(line for line in lines if line.text.startswith(label))
        assert {c["fontname"].split("+")[-1] for c in line.chars_of(label)} == {"黑体"}
        assert {c["fontname"].split("+")[-1] for c in line.chars[3:]} == {"仿宋"}
        assert line.x0 == pytest.approx(28 + 2 * g.CHAR, abs=0.3)
    wrapped = next(line for line in lines if line.text == "地科郑某某")
    assert wrapped.x0 == pytest.approx(28 + 5 * g.CHAR, abs=0.3)  # 回行与冒号后首字对齐
    numbered = next(line for line in lines if line.text.startswith("一、会议原则同意"))
    assert numbered.fonts() == {"仿宋"}  # a numbered sentence, not a heading


def test_order_format():
    (page,) = read(render_pdf(samples.sample_order()))
    mark = page.line("某市人民政府令")
    assert mark.top == pytest.approx(37 + 20, abs=0.5)
    assert not page.red_rects()
    number = page.line("第18号")
    signer = page.line("市长")
    assert 184 - signer.x1 == pytest.approx(4 * g.CHAR, abs=0.5)
    assert page.line("2026年11月23日").top - signer.top == pytest.approx(2 * g.LINE, abs=0.2)
    assert page.line("《某市政府投资项目管理办法》").top - number.bottom >= 2 * g.LINE


def test_missing_fonts_raise_a_chinese_error(settings, tmp_path):
    settings.GOVOA_FONT_DIR = tmp_path
    with pytest.raises(FontsMissing) as error:
        render_pdf(samples.sample_notice(pages=1))
    assert error.value.status == 503
    assert "scripts/install-fonts" in error.value.message
    assert "FandolFang-Regular.otf" in error.value.message
    with pytest.raises(FontsMissing):
        html_to_pdf("<p>测试</p>")


FORM = """{% extends "documents/print_base.html" %}
{% block title %}收文处理单{% endblock %}
{% block style %}
.official { font-family: "仿宋_GB2312"; }
.mark { font-family: "方正小标宋简体"; }
{% endblock %}
{% block heading %}收文处理单{% endblock %}
{% block content %}
<table class="form"><tr><th>来文单位</th><td class="official">{{ sender }}</td></tr>
<tr><th>拟办意见</th>
<td class="opinion">请办公室阅处。<div class="sign">张某某</div></td></tr></table>
<p class="mark">某市发展和改革委员会</p>
<img src="http://198.51.100.1/logo.png" alt="">
{% endblock %}"""


def test_printable_form_uses_the_same_fonts_and_fetches_nothing(monkeypatch):
    fetched = []
    monkeypatch.setattr(
        "urllib.request.OpenerDirector.open", lambda *args, **kw: fetched.append(args)
    )
    html = engines["django"].from_string(FORM).render({"sender": "市人民政府办公室"})
    (page,) = read(html_to_pdf(html))
    assert page.line("收文处理单").fonts() == {"小标宋"}
    sender = next(line for line in page.lines if "市人民政府办公室" in line.text)
    assert {c["fontname"].split("+")[-1] for c in sender.chars_of("市人民政府办公室")} == {
        "仿宋_GB2312"
    }
    assert page.line("某市发展和改革委员会").fonts() == {"方正小标宋简体"}
    assert page.line("第 1 页").fonts() == {"宋体"}
    assert fetched == []


def test_fetcher_refuses_the_network_and_files_outside_its_roots(tmp_path):
    fetcher = LocalFileFetcher([tmp_path])
    with pytest.raises(ValueError, match="外部资源"):
        fetcher.fetch("https://cdn.example.com/font.woff2")
    with pytest.raises(ValueError, match="不允许读取"):
        fetcher.fetch("file:///etc/passwd")
    inside = tmp_path / "seal.txt"
    inside.write_text("ok")
    assert fetcher.fetch(inside.as_uri()).read() == b"ok"


@pytest.mark.parametrize("sealed", [True, False], ids=["sealed", "unsealed"])
def test_a_draft_without_date_signs_inside_the_type_area(sealed):
    """Before 签发 there is no 成文日期: the 署名 stands where it will stand beside the date,
    never past the 版心's right edge (184 mm)."""
    doc = replace(samples.sample_request(), date="")
    if sealed:
        doc = replace(doc, signatories=(replace(doc.signatories[0], sealed=True),))
    pages = read(render_pdf(doc))
    signatory = next(line for p in pages for line in p.lines if line.text == "某市发展和改革委员会")
    assert signatory.x0 >= 28 - 0.1
    assert signatory.x1 <= 184 + 0.1
    dated = read(render_pdf(replace(doc, date="2026年11月23日")))
    beside = next(line for p in dated for line in p.lines if line.text == "某市发展和改革委员会")
    assert signatory.x0 == pytest.approx(beside.x0, abs=0.3)


def test_a_letter_s_title_stands_two_lines_below_the_last_element_above_it():
    first = read(render_pdf(samples.sample_letter()))[0]
    number = first.line("000045")
    title = first.line("某市发展和改革委员会关于商请")
    assert (title.top - number.bottom) / g.LINE == pytest.approx(2, abs=0.1)  # 10.1: 相距二行
