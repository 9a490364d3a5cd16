"""OFD output: each sample document rendered to PDF and to OFD; the OFD is read back as the
standard lays it out, and its text, page count and size match the PDF's (read by PyMuPDF);
every character is drawn with an embedded font that has a glyph for it; the rules survive."""

from collections import Counter

import pymupdf
import pytest

from govoa.documents.rendering.ofd import pdf_to_ofd
from govoa.documents.rendering.pdf import render_pdf
from govoa.documents.tests import samples
from govoa.testing.ofd import read_ofd

pytestmark = pytest.mark.slow


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("sample", ["sample_notice", "sample_request", "sample_letter"])
def test_ofd_text_matches_the_pdf(sample):
    pdf = render_pdf(getattr(samples, sample)())
    ofd = read_ofd(pdf_to_ofd(pdf, title="测试"))
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        pdf_pages = [_squeezed(page.get_text()) for page in document]
        pdf_sizes = [(page.rect.width, page.rect.height) for page in document]
    assert len(ofd.pages) == len(pdf_pages)
    # The same characters on each page (the two readers order the 版头's blocks differently),
    # and every line the OFD draws is a run of the PDF's text.
    assert [Counter(_squeezed(text)) for text in ofd.pages] == [Counter(p) for p in pdf_pages]
    for _font, text in ofd.text_fonts:
        assert any(_squeezed(text) in page for page in pdf_pages), text
    for (width, height), (w_pt, h_pt) in zip(ofd.page_sizes, pdf_sizes, strict=True):
        assert (round(width), round(height)) == (round(w_pt * 25.4 / 72), round(h_pt * 25.4 / 72))
    assert (round(ofd.page_sizes[0][0]), round(ofd.page_sizes[0][1])) == (210, 297)  # A4
    assert ofd.paths >= 1  # the 版头 rule (and the 版记's)
    for font_id, text in ofd.text_fonts:
        font = ofd.fonts[font_id]
        cmap = font.getBestCmap()
        missing = [c for c in text if not c.isspace() and ord(c) not in cmap]
        assert not missing, (font_id, missing)


def test_the_official_red_rule_is_a_red_path():
    pdf = render_pdf(samples.sample_notice())
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(pdf_to_ofd(pdf)))
    first = archive.read("Doc_0/Pages/Page_0/Content.xml").decode()
    assert "<ofd:PathObject" in first
    assert 'Value="255 0 0"' in first or 'Value="230 0 18"' in first


def test_images_are_carried_over():
    import base64
    import io
    import zipfile

    from PIL import Image

    from govoa.documents.rendering.pdf import html_to_pdf

    picture = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 0, 0)).save(picture, format="PNG")
    source = base64.b64encode(picture.getvalue()).decode()
    pdf = html_to_pdf(
        f'<p style="font-family: 仿宋">印章</p><img src="data:image/png;base64,{source}" '
        'style="width: 40mm; height: 20mm">'
    )
    data = pdf_to_ofd(pdf)
    ofd = read_ofd(data)
    assert ofd.images == 1
    assert "".join(ofd.pages) == "印章"
    archive = zipfile.ZipFile(io.BytesIO(data))
    [image_name] = [n for n in archive.namelist() if n.endswith(".png")]
    with Image.open(io.BytesIO(archive.read(image_name))) as image:
        assert image.getpixel((5, 5))[:3] == (200, 0, 0)
    content = archive.read("Doc_0/Pages/Page_0/Content.xml").decode()
    assert 'Boundary="' in content
    assert " 40 0 0 20 0 0" in content.replace('CTM="', " ")
