"""Reading an OFD file back the way GB/T 33190 lays it out (entry ``OFD.xml`` → ``DocRoot``
→ the document's pages and resources), independently of how GovOA wrote it: the text of each
page in drawing order, and the fonts embedded, loaded with fontTools."""

import io
import posixpath
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from fontTools.ttLib import TTFont

NS = {"ofd": "http://www.ofdspec.org/2016"}


@dataclass
class OfdFile:
    pages: list[str]  # each page's text, in the order drawn
    fonts: dict[str, TTFont]  # by font ID: the embedded font files
    page_sizes: list[tuple[float, float]]  # mm
    text_fonts: list[tuple[str, str]]  # (font ID, text) of every text object
    paths: int
    images: int


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    # S314: test support reading files the system just wrote, never uploads.
    return ElementTree.fromstring(archive.read(name))  # noqa: S314


def read_ofd(data: bytes) -> OfdFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    entry = _xml(archive, "OFD.xml")
    root = entry.findtext("ofd:DocBody/ofd:DocRoot", namespaces=NS)
    assert root, "OFD.xml names no DocRoot"
    base = posixpath.dirname(root)
    document = _xml(archive, root)
    fonts: dict[str, TTFont] = {}
    common = document.find("ofd:CommonData", NS)
    assert common is not None
    for res_name in [e.text for e in common.findall("ofd:PublicRes", NS)]:
        res_path = posixpath.join(base, res_name or "")
        res = _xml(archive, res_path)
        res_base = posixpath.join(posixpath.dirname(res_path), res.get("BaseLoc", ""))
        for font in res.findall("ofd:Fonts/ofd:Font", NS):
            file_name = font.findtext("ofd:FontFile", namespaces=NS)
            if file_name:
                raw = archive.read(posixpath.join(res_base, file_name))
                fonts[font.get("ID", "")] = TTFont(io.BytesIO(raw))
    pages, sizes, text_fonts = [], [], []
    paths = images = 0
    for page in document.findall("ofd:Pages/ofd:Page", NS):
        content = _xml(archive, posixpath.join(base, page.get("BaseLoc", "")))
        box = content.findtext("ofd:Area/ofd:PhysicalBox", namespaces=NS) or ""
        _x, _y, width, height = (float(v) for v in box.split())
        sizes.append((width, height))
        texts = []
        for obj in content.iter(f"{{{NS['ofd']}}}TextObject"):
            text = "".join(code.text or "" for code in obj.findall("ofd:TextCode", NS))
            texts.append(text)
            text_fonts.append((obj.get("Font", ""), text))
        paths += len(list(content.iter(f"{{{NS['ofd']}}}PathObject")))
        images += len(list(content.iter(f"{{{NS['ofd']}}}ImageObject")))
        pages.append("".join(texts))
    return OfdFile(pages, fonts, sizes, text_fonts, paths, images)
