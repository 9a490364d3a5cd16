"""Uploads that would exhaust memory or carry active content are refused when they arrive,
with a Chinese message and the right status, before any member or object is read whole."""

import io

import pytest

from govoa.core.errors import GovOAError
from govoa.documents.files import check_upload
from govoa.testing.archives import MB, Filler, docx_of, paragraphs, python_peak, zip_of
from govoa.testing.pdfs import JS_ACTION, JS_OPEN_ACTION, LAUNCH_ACTION, pdf_of

GIB = 1024 * MB


def refused(name: str, content: bytes) -> GovOAError:
    with pytest.raises(GovOAError) as excinfo:
        check_upload(name, io.BytesIO(content))
    return excinfo.value


# --- archives that expand past the limit ----------------------------------------------------


@pytest.fixture(scope="module")
def gigabyte_docx() -> bytes:
    """About 1 MB on disk, 1 GiB once decompressed: word/document.xml is blanks."""
    return docx_of(Filler(GIB))


def test_a_docx_expanding_to_a_gigabyte_is_refused_at_upload(gigabyte_docx):
    error = refused("通知.docx", gigabyte_docx)
    assert error.status == 413
    assert "解压后超过" in error.message
    assert python_peak(lambda: check_upload("通知.docx", io.BytesIO(gigabyte_docx))) < 8 * MB


def test_a_member_compressed_beyond_any_honest_ratio_is_refused(settings):
    settings.GOVOA_ARCHIVE_MAX_EXPANDED_BYTES = GIB  # the total alone would let it through
    error = refused("通知.docx", docx_of(Filler(64 * MB)))
    assert error.status == 413
    assert "压缩比异常" in error.message


def test_nested_archives_and_macros_are_refused():
    nested = docx_of(paragraphs("正文"), {"word/media/more.zip": zip_of({"a.txt": b"a"})})
    assert "压缩包" in refused("通知.docx", nested).message
    macro = docx_of(paragraphs("正文"), {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    error = refused("通知.docx", macro)
    assert (error.status, "宏" in error.message) == (415, True)


def test_an_ordinary_docx_is_accepted():
    checked = check_upload("通知.docx", io.BytesIO(docx_of(paragraphs("一、总体要求"))))
    assert checked.kind.code == "docx"


# --- PDFs with active content -----------------------------------------------------------------


JS_NAMES = b"/Names << /JavaScript 4 0 R >>"
JS_TREE = [b"<< /Names [(a) 5 0 R] >>", JS_ACTION]
ESCAPED = JS_ACTION.replace(b"/JavaScript", b"/J#61vaScript")
XFA_FORM = b"/AcroForm << /Fields [] /XFA 4 0 R >>"
EMPTY_STREAM = b"<< /Length 0 >>\nstream\n\nendstream"
EMBEDDED = b"/Names << /EmbeddedFiles 4 0 R >>"


@pytest.mark.parametrize(
    ("catalog", "objects", "in_stream", "feature"),
    [
        (JS_OPEN_ACTION, [JS_ACTION], False, "JavaScript"),
        (JS_OPEN_ACTION, [ESCAPED], False, "JavaScript"),
        (JS_OPEN_ACTION, [JS_ACTION], True, "JavaScript"),  # inside a compressed object stream
        (JS_NAMES, JS_TREE, True, "JavaScript"),
        (JS_OPEN_ACTION, [LAUNCH_ACTION], False, "Launch"),
        (JS_OPEN_ACTION, [LAUNCH_ACTION], True, "Launch"),
        (XFA_FORM, [EMPTY_STREAM], False, "XFA"),
        (EMBEDDED, [b"<< /Names [] >>"], True, "内嵌"),
    ],
)
def test_a_pdf_with_active_content_is_refused(catalog, objects, in_stream, feature):
    error = refused("请示.pdf", pdf_of(catalog, objects, object_stream=in_stream))
    assert error.status == 415
    assert feature in error.message


def test_an_object_stream_that_expands_hugely_is_refused_without_reading_it_whole():
    bomb = pdf_of(objects=[b"<< /Producer (x) >>"], object_stream=True, padding=512 * MB)
    error = refused("请示.pdf", bomb)
    assert "过大" in error.message
    assert python_peak(lambda: check_upload("请示.pdf", io.BytesIO(bomb))) < 3 * 32 * MB


def test_a_pdf_whose_object_streams_cannot_be_read_is_refused():
    damaged = pdf_of(object_stream=True).replace(b"/Type /XRef", b"/Type /XRaf")
    damaged = damaged.replace(b"startxref", b"startxraf")
    assert "无法检查" in refused("请示.pdf", damaged).message


def test_html_in_a_pdf_or_before_it_is_refused():
    polyglot = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"
    error = refused("请示.pdf", polyglot + pdf_of()[9:])
    assert (error.status, "网页代码" in error.message) == (415, True)
    assert refused("请示.pdf", b"<html><script>alert(1)</script>\n" + pdf_of()).status == 415


def test_ordinary_pdfs_are_accepted():
    """Plain, with object streams, and as the system itself renders them."""
    from govoa.documents.rendering.pdf import render_pdf
    from govoa.documents.tests.samples import sample_notice

    for content in (pdf_of(), pdf_of(b"/PageMode /UseNone", object_stream=True)):
        assert check_upload("请示.pdf", io.BytesIO(content)).kind.code == "pdf"
    rendered = render_pdf(sample_notice())
    assert check_upload("通知.pdf", io.BytesIO(rendered)).kind.code == "pdf"
