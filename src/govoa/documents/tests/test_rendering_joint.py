"""联合行文 as printed (GB/T 9704 7.2.4, 7.2.6, 7.3.5.1), measured with PyMuPDF like a ruler on
the printout: the joint 发文机关标志 inside the 版心 with “文件” to the right of the stacked
names and centred on them; every agency's 签发人 of an upward document; a 署名 for every
agency, and one seal over each (the last over the 成文日期) that never touch nor leave the
版心."""

import pymupdf
import pytest

from govoa.documents.esign.stamp import MM, Anchor, place
from govoa.documents.rendering.pdf import render_pdf
from govoa.documents.structure import OfficialDocument, Paragraph, Signatory

LEAD = "测试市发展和改革委员会"
CO = "测试市财政局"
TYPE_LEFT, TYPE_RIGHT, TYPE_TOP = 28.0, 184.0, 37.0


def joint(**extra):
    fields = {
        "title": f"{LEAD}、{CO}关于做好重点项目谋划工作的通知",
        "doc_type": "notice",
        "issuer_mark": f"{LEAD}文件",
        "issuer_names": (LEAD, CO),
        "issuer_word": "文件",
        "doc_number": "测发改发〔2026〕1号",
        "recipients": ("各区县发展改革局",),
        "body": (Paragraph("为做好重点项目谋划工作，现将有关事项通知如下。"),),
        "signatories": (Signatory(LEAD), Signatory(CO)),
        "date": "2026年11月23日",
        "printer": f"{LEAD}办公室",
        "print_date": "2026年11月23日",
    }
    fields.update(extra)
    return OfficialDocument(**fields)


def spans(pdf: bytes, page: int = 0) -> list[dict]:
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        data = document[page].get_text("dict")
    found = []
    for block in data["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                x0, y0, x1, y1 = (v / MM for v in span["bbox"])
                found.append(
                    {
                        "text": span["text"].strip(),
                        "x0": x0,
                        "y0": y0,
                        "x1": x1,
                        "y1": y1,
                        "size": span["size"],
                    }
                )
    return [s for s in found if s["text"]]


def one(found: list[dict], text: str, *, larger_than: float = 0) -> dict:
    [span] = [s for s in found if s["text"] == text and s["size"] > larger_than]
    return span


@pytest.fixture(scope="module")
def joint_pdf() -> bytes:
    return render_pdf(joint())


def test_joint_mark_stacks_the_names_inside_the_type_area_with_the_word_centred(joint_pdf):
    found = spans(joint_pdf)
    lead, co, word = (one(found, t, larger_than=17) for t in (LEAD, CO, "文件"))
    assert lead["y0"] < co["y0"]  # lead first, stacked
    assert lead["size"] == co["size"] == word["size"]
    for span in (lead, co, word):
        assert span["x0"] >= TYPE_LEFT
        assert span["x1"] <= TYPE_RIGHT
        assert span["y0"] >= TYPE_TOP
    # “文件” right of the names, its middle on the stack's middle (within half a millimetre).
    assert word["x0"] > max(lead["x1"], co["x1"])
    stack_middle = (lead["y0"] + co["y1"]) / 2
    assert abs((word["y0"] + word["y1"]) / 2 - stack_middle) < 0.5
    # The whole mark is centred in the 版心.
    left, right = min(lead["x0"], co["x0"]), word["x1"]
    assert abs((left + right) / 2 - (TYPE_LEFT + TYPE_RIGHT) / 2) < 1.0
    # The 发文字号 stands below the stack, not on it.
    number = next(s for s in found if s["text"].startswith("测发改发"))
    assert number["y0"] > co["y1"] + 10


def signed_page(pdf: bytes) -> list[dict]:
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        count = len(document)
    return next(
        found
        for found in (spans(pdf, k) for k in range(count))
        if any(s["text"] == "2026年11月23日" for s in found)
    )


def boxes_of(pdf: bytes, text: str, below: float) -> list[dict]:
    """Where ``text`` stands on the first page, lower than ``below`` mm."""
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        rects = document[0].search_for(text)
    found = [{"x0": r.x0 / MM, "y0": r.y0 / MM, "x1": r.x1 / MM, "y1": r.y1 / MM} for r in rects]
    return [b for b in found if b["y0"] > below]


def test_every_agency_signs_and_each_seal_presses_its_own_name(joint_pdf):
    found = signed_page(joint_pdf)
    date = one(found, "2026年11月23日")
    [lead] = boxes_of(joint_pdf, LEAD, date["y0"] - 15)
    [co] = [b for b in boxes_of(joint_pdf, CO, date["y0"] - 15) if b["x0"] > lead["x1"]]
    assert abs(lead["y0"] - co["y0"]) < 0.5  # one row, lead on the left
    assert lead["x1"] < co["x0"]
    assert abs((co["x0"] + co["x1"]) / 2 - (date["x0"] + date["x1"]) / 2) < 1.0
    assert abs(date["x1"] - (TYPE_RIGHT - 4 * 156 / 28)) < 1.0  # 右空四字
    boxes = place(joint_pdf, [Anchor(LEAD), Anchor(CO, "2026年11月23日")])
    (l0, b0, r0, t0), (l1, b1, r1, t1) = ([v / MM for v in p.box] for p in boxes)
    assert r0 < l1  # the seals neither touch nor overlap
    for left, right in ((l0, r0), (l1, r1)):
        assert left >= TYPE_LEFT
        assert right <= TYPE_RIGHT
    page_height = 297.0
    # Each seal centred over its own name (端正、居中下压), the name below its centre.
    for (left, bottom, right, top), name in (((l0, b0, r0, t0), lead), ((l1, b1, r1, t1), co)):
        assert abs((left + right) / 2 - (name["x0"] + name["x1"]) / 2) < 1.0
        centre_from_top = page_height - (bottom + top) / 2
        assert (name["y0"] + name["y1"]) / 2 > centre_from_top


def test_upward_joint_document_lists_every_signer(joint_pdf):
    pdf = render_pdf(joint(upward=True, signers=("张主任", "李局长")))
    found = spans(pdf)
    texts = [s["text"] for s in found]
    assert any("张主任" in t for t in texts)
    assert any("李局长" in t for t in texts)
    first = next(s for s in found if "张主任" in s["text"])
    second = next(s for s in found if "李局长" in s["text"])
    assert first["x0"] < second["x0"] or first["y0"] < second["y0"]  # left to right


def test_lead_alone_when_chosen():
    found = spans(render_pdf(joint(issuer_names=())))
    assert one(found, f"{LEAD}文件", larger_than=17)


def test_docx_has_the_joint_mark_and_every_agency_signs():
    import io

    from docx import Document
    from docx.enum.table import WD_ALIGN_VERTICAL

    from govoa.documents.rendering.docx import render_docx

    word = Document(io.BytesIO(render_docx(joint())))
    [mark] = [t for t in word.tables if t.rows[0].cells[-1].text == "文件"]
    names_cell, word_cell = mark.rows[0].cells
    assert [p.text for p in names_cell.paragraphs] == [LEAD, CO]  # stacked, lead first
    assert word_cell.text == "文件"
    assert word_cell.vertical_alignment == WD_ALIGN_VERTICAL.CENTER
    red = {run.font.color.rgb for p in names_cell.paragraphs for run in p.runs}
    assert {str(c) for c in red} == {"FF0000"}
    [row] = [p for p in word.paragraphs if p.text == f"\t{LEAD}\t{CO}"]
    stops = [s.position.mm for s in row.paragraph_format.tab_stops]
    assert len(stops) == 2
    assert 0 <= stops[0] < stops[1] <= 156
    texts = [p.text for p in word.paragraphs]
    assert texts.index(row.text) < texts.index("2026年11月23日")  # the date under the row
