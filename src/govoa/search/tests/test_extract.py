import io
import zipfile

import pymupdf

from govoa.search.extract import text_of_bytes


def test_pdf_text() -> None:
    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 72), "关于加强防汛工作的通知", fontname="china-s")
    assert "防汛" in text_of_bytes("pdf", document.tobytes())


def test_ofd_text() -> None:
    content = (
        '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
        "<ofd:TextObject><ofd:TextCode>印章使用登记</ofd:TextCode></ofd:TextObject>"
        "</ofd:Layer></ofd:Content></ofd:Page>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD/>")
        archive.writestr("Doc_0/Pages/Page_0/Content.xml", content)
    assert text_of_bytes("ofd", out.getvalue()) == "印章使用登记"


def test_damaged_or_other_files_give_no_text() -> None:
    assert text_of_bytes("pdf", b"%PDF-1.7 damaged") == ""
    assert text_of_bytes("png", b"\x89PNG") == ""
