"""OFD (GB/T 33190-2016) output of an official document: the PDF the renderer made, drawn
again page by page in OFD — each line of text at the PDF's own character positions with its
font embedded (subset to the characters used), each rule and box as a path, each image — so
that the two look the same and hold the same text.

Written here with the standard library (zip + XML) and the libraries the renderer already
uses (pypdfium2 reads the PDF, fontTools subsets the fonts); no AGPL dependency. The subset is
what the renderer produces: text, filled or stroked paths, images, pages; content inside form
XObjects (which the renderer does not emit) is not converted."""

import ctypes
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.utils import timezone
from fontTools import subset as font_subset

from govoa.documents.rendering import fonts
from govoa.documents.structure import OfficialDocument

NS = "http://www.ofdspec.org/2016"
MM_PER_PT = 25.4 / 72
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")


def _mm(value: float) -> str:
    text = f"{value * MM_PER_PT:.3f}".rstrip("0").rstrip(".")
    return text if text not in {"", "-0"} else "0"


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in {"", "-0"} else "0"


@dataclass
class _Run:
    font: str
    size: float  # pt
    color: tuple[int, int, int]
    baseline: float  # pt, from the page's top
    xs: list[float] = field(default_factory=list)  # pt, from the left
    text: list[str] = field(default_factory=list)


@dataclass
class _Ids:
    last: int = 0

    def next(self) -> int:
        self.last += 1
        return self.last


def _font_file(name: str) -> Path | None:
    """The font file behind a PDF font name (``ABCDEF+仿宋``, ``FandolSong Bold``)."""
    family = _SUBSET_PREFIX.sub("", name)
    paths = fonts.font_paths()
    if family in paths:
        return paths[family]
    if family in fonts.OFFICIAL_NAMES:
        return paths.get(fonts.OFFICIAL_NAMES[family])
    wanted = family.replace(" ", "-").lower()
    for path in paths.values():
        if path.stem.lower() == wanted:
            return path
    return None


def _subset(path: Path, text: str) -> bytes:
    options = font_subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = font_subset.load_font(str(path), options)
    subsetter = font_subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _runs(page: pdfium.PdfPage, height: float) -> list[_Run]:
    textpage = page.get_textpage()
    runs: list[_Run] = []
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    x, y = ctypes.c_double(), ctypes.c_double()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if not char or char in "\r\n" or ord(char[0]) < 32:
            continue
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
        size = pdfium_c.FPDFText_GetFontSize(textpage, index)
        pdfium_c.FPDFText_GetFontInfo(textpage, index, name, 256, flags)
        pdfium_c.FPDFText_GetFillColor(textpage, index, r, g, b, a)
        font = name.value.decode("utf-8", "replace")
        color = (r.value, g.value, b.value)
        baseline = height - y.value
        last = runs[-1] if runs else None
        if (
            last is None
            or (last.font, last.size, last.color) != (font, size, color)
            or abs(last.baseline - baseline) > 0.01
            or x.value < last.xs[-1]
        ):
            last = _Run(font, size, color, baseline)
            runs.append(last)
        last.xs.append(x.value)
        last.text.append(char)
    return runs


def _text_object(run: _Run, object_id: int, font_id: int) -> str:
    left, top = run.xs[0], run.baseline - run.size
    width = run.xs[-1] - left + run.size
    deltas = " ".join(_mm(b - a) for a, b in zip(run.xs, run.xs[1:], strict=False))
    delta = f" DeltaX={quoteattr(deltas)}" if deltas else ""
    return (
        f'<ofd:TextObject ID="{object_id}" Boundary="{_mm(left)} {_mm(top)} {_mm(width)} '
        f'{_mm(run.size * 1.3)}" Font="{font_id}" Size="{_mm(run.size)}">'
        f'<ofd:FillColor Value="{run.color[0]} {run.color[1]} {run.color[2]}"/>'
        f'<ofd:TextCode X="0" Y="{_mm(run.size)}"{delta}>{escape("".join(run.text))}</ofd:TextCode>'
        "</ofd:TextObject>"
    )


def _color(getter: object, obj: pdfium.PdfObject) -> str:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    getter(obj, r, g, b, a)  # type: ignore[operator]
    return f"{r.value} {g.value} {b.value}"


def _path_object(obj: pdfium.PdfObject, object_id: int, height: float) -> str | None:
    left, bottom, right, top = obj.get_bounds()
    matrix = obj.get_matrix()
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
    commands = []
    point_x, point_y = ctypes.c_float(), ctypes.c_float()
    pending: list[str] = []
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, point_x, point_y)
        px, py = matrix.on_point(point_x.value, point_y.value)
        point = f"{_mm(px - left)} {_mm(top - py)}"
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            commands.append(f"M {point}")
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            commands.append(f"L {point}")
        else:  # Bézier: three points in a row
            pending.append(point)
            if len(pending) == 3:
                commands.append("B " + " ".join(pending))
                pending = []
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            commands.append("C")
    if not commands:
        return None
    width = ctypes.c_float()
    pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width)
    fill = fill_mode.value != 0
    return (
        f'<ofd:PathObject ID="{object_id}" Boundary="{_mm(left)} {_mm(height - top)} '
        f'{_mm(max(right - left, 0.01))} {_mm(max(top - bottom, 0.01))}" '
        f'LineWidth="{_mm(width.value)}" Stroke="{str(bool(stroke.value)).lower()}" '
        f'Fill="{str(fill).lower()}">'
        f'<ofd:FillColor Value="{_color(pdfium_c.FPDFPageObj_GetFillColor, obj)}"/>'
        f'<ofd:StrokeColor Value="{_color(pdfium_c.FPDFPageObj_GetStrokeColor, obj)}"/>'
        f"<ofd:AbbreviatedData>{' '.join(commands)}</ofd:AbbreviatedData></ofd:PathObject>"
    )


def _image_png(obj: pdfium.PdfImage) -> bytes:
    out = io.BytesIO()
    obj.get_bitmap(render=True).to_pil().save(out, format="PNG")
    return out.getvalue()


def pdf_to_ofd(pdf: bytes, *, title: str = "", author: str = "GovOA") -> bytes:
    document = pdfium.PdfDocument(pdf)
    ids = _Ids()
    font_ids: dict[str, int] = {}
    font_text: dict[str, set[str]] = {}
    images: dict[int, bytes] = {}
    pages: list[tuple[int, str, float, float]] = []
    try:
        for page_index in range(len(document)):
            page = document[page_index]
            width, height = page.get_size()
            content: list[str] = []
            for run in _runs(page, height):
                if run.font not in font_ids:
                    font_ids[run.font] = ids.next()
                    font_text[run.font] = set()
                font_text[run.font].update(run.text)
                content.append(_text_object(run, ids.next(), font_ids[run.font]))
            for obj in page.get_objects(max_depth=0):
                if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                    path = _path_object(obj, ids.next(), height)
                    if path:
                        content.append(path)
                elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                    left, bottom, right, top = obj.get_bounds()
                    resource = ids.next()
                    images[resource] = _image_png(obj)
                    w, h = right - left, top - bottom
                    content.append(
                        f'<ofd:ImageObject ID="{ids.next()}" ResourceID="{resource}" '
                        f'Boundary="{_mm(left)} {_mm(height - top)} {_mm(w)} {_mm(h)}" '
                        f'CTM="{_mm(w)} 0 0 {_mm(h)} 0 0"/>'
                    )
            pages.append((ids.next(), "".join(content), width, height))
    finally:
        document.close()
    return _package(pages, font_ids, font_text, images, ids, title=title, author=author)


def _package(
    pages: list[tuple[int, str, float, float]],
    font_ids: dict[str, int],
    font_text: dict[str, set[str]],
    images: dict[int, bytes],
    ids: _Ids,
    *,
    title: str,
    author: str,
) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    buffer = io.BytesIO()
    first_w, first_h = (pages[0][2], pages[0][3]) if pages else (595.28, 841.89)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as ofd:
        ofd.writestr(
            "OFD.xml",
            f'{head}<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
            f"<ofd:DocInfo><ofd:DocID>{uuid.uuid4().hex}</ofd:DocID>"
            f"<ofd:Title>{escape(title)}</ofd:Title><ofd:Author>{escape(author)}</ofd:Author>"
            f"<ofd:CreationDate>{timezone.localdate().isoformat()}</ofd:CreationDate>"
            "<ofd:Creator>GovOA</ofd:Creator></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        font_xml = []
        for name, font_id in font_ids.items():
            family = _SUBSET_PREFIX.sub("", name) or "宋体"
            path = _font_file(name)
            file_xml = ""
            if path is not None:
                file_name = f"font_{font_id}{path.suffix}"
                ofd.writestr(f"Doc_0/Res/{file_name}", _subset(path, "".join(font_text[name])))
                file_xml = f"<ofd:FontFile>{file_name}</ofd:FontFile>"
            font_xml.append(
                f'<ofd:Font ID="{font_id}" FontName={quoteattr(family)} '
                f"FamilyName={quoteattr(family)}>{file_xml}</ofd:Font>"
            )
        ofd.writestr(
            "Doc_0/PublicRes.xml",
            f'{head}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>{"".join(font_xml)}'
            "</ofd:Fonts></ofd:Res>",
        )
        media = []
        for resource, png in images.items():
            ofd.writestr(f"Doc_0/Res/image_{resource}.png", png)
            media.append(
                f'<ofd:MultiMedia ID="{resource}" Type="Image" Format="PNG">'
                f"<ofd:MediaFile>image_{resource}.png</ofd:MediaFile></ofd:MultiMedia>"
            )
        ofd.writestr(
            "Doc_0/DocumentRes.xml",
            f'{head}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:MultiMedias>{"".join(media)}'
            "</ofd:MultiMedias></ofd:Res>",
        )
        page_refs = []
        for index, (page_id, content, width, height) in enumerate(pages):
            layer = ids.next()
            ofd.writestr(
                f"Doc_0/Pages/Page_{index}/Content.xml",
                f'{head}<ofd:Page xmlns:ofd="{NS}"><ofd:Area><ofd:PhysicalBox>0 0 {_mm(width)} '
                f"{_mm(height)}</ofd:PhysicalBox></ofd:Area><ofd:Content>"
                f'<ofd:Layer ID="{layer}">{content}</ofd:Layer></ofd:Content></ofd:Page>',
            )
            page_refs.append(f'<ofd:Page ID="{page_id}" BaseLoc="Pages/Page_{index}/Content.xml"/>')
        ofd.writestr(
            "Doc_0/Document.xml",
            f'{head}<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            f"<ofd:MaxUnitID>{ids.last}</ofd:MaxUnitID>"
            f"<ofd:PageArea><ofd:PhysicalBox>0 0 {_mm(first_w)} {_mm(first_h)}"
            "</ofd:PhysicalBox></ofd:PageArea>"
            "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
            "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData>"
            f"<ofd:Pages>{''.join(page_refs)}</ofd:Pages></ofd:Document>",
        )
    return buffer.getvalue()


def render_ofd(doc: OfficialDocument) -> bytes:
    """The document as OFD, drawn from the PDF the renderer makes of it."""
    from govoa.documents.rendering.pdf import render_pdf

    return pdf_to_ofd(render_pdf(doc), title=doc.title)
