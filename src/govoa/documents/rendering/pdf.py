"""PDF per GB/T 9704-2012 with WeasyPrint, and PDF of the office's printable forms.

``render_pdf(doc)`` draws an ``OfficialDocument`` from the template
``documents/official_document.html``; ``html_to_pdf(html)`` prints any HTML (a form that
extends ``documents/print_base.html``) with the same fonts. Nothing is fetched from the
network: only ``file:`` URLs inside the font directory (or a caller's ``base_dir``) and
``data:`` URLs load."""

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from govoa.documents.rendering import blocks, content, fonts, pagination
from govoa.documents.rendering import geometry as g
from govoa.documents.structure import Layout, OfficialDocument

TEMPLATE = "documents/official_document.html"
LINE_KINDS = {"copy_number", "classification", "urgency", "doc_number", "signers"}


def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as a GB/T 9704-2012 PDF, its 版记 on an even page (``pagination``).
    Raises ``FontsMissing`` (503) without fonts."""
    fonts.font_paths()
    from govoa.documents.rendering import weasy  # see html_to_pdf

    context = document_context(doc)

    def render(placement: pagination.Placement) -> Any:
        css = pagination.placement_css(placement)
        html = render_to_string(
            TEMPLATE, {**context, "placement": placement.mode, "placement_css": css}
        )
        return weasy.render(html)

    return weasy.write(pagination.place_colophon(render))


def html_to_pdf(html: str, *, base_dir: Path | None = None) -> bytes:
    """Print HTML (typically a template extending ``documents/print_base.html``) as PDF.

    The families 仿宋, 宋体, 黑体, 楷体, 小标宋 and the official names 仿宋_GB2312,
    方正小标宋简体, 楷体_GB2312 are available to its CSS. Images and stylesheets may be
    ``data:`` URLs or files under ``base_dir``; other URLs are refused."""
    # WeasyPrint is imported on the first render, not when Django starts (it takes half a
    # second, and the worker, the scheduler and the commands rarely print).
    from govoa.documents.rendering import weasy

    return weasy.write_pdf(html, base_dir=base_dir)


def document_context(doc: OfficialDocument) -> dict[str, Any]:
    """What the template needs: lengths already in mm, text already composed into lines."""
    header = g.header_geometry(doc)
    advance = fonts.advances()
    return {
        "doc": doc,
        "g": _lengths(),
        "layout": doc.layout.value,
        "letter": doc.layout == Layout.LETTER,
        "header_height": g.fmt(header.height),
        "header_items": [_header_item(item) for item in header.items],
        "signer_rows": g.signer_rows(doc.signers),
        "title_lines": content.title_lines(doc),
        "recipients": blocks.plain(content.recipients_text(doc), advance),
        "body": blocks.paragraphs(doc.body, advance),
        "attachment_notes": blocks.attachment_notes(doc, advance),
        "attachment_pages": [
            {**page, "body": blocks.paragraphs(page["body"], advance)}  # type: ignore[arg-type]
            for page in content.attachment_pages(doc, parsed=False)
        ],
        "attendance": blocks.attendance(doc, advance),
        "signature": _signature(content.signature_block(doc)),
        "note": blocks.plain(content.note_text(doc), advance, indent=2),
        "colophon": content.colophon(doc),
        "cc_lines": blocks.cc_lines(doc, advance),
    }


def _lengths() -> dict[str, str]:
    return {
        "margin_top": g.fmt(g.MARGIN_TOP - g.HALF_LEADING),
        "margin_bottom": g.fmt(g.MARGIN_BOTTOM + g.HALF_LEADING),
        "margin_left": g.fmt(g.MARGIN_LEFT),
        "margin_right": g.fmt(g.MARGIN_RIGHT),
        "line": g.fmt(g.LINE),
        "char": g.fmt(g.CHAR),
        "indent": g.fmt(2 * g.CHAR),
        "letter_spacing": g.fmt(g.LETTER_SPACING),
        "type_width": g.fmt(g.TYPE_WIDTH),
        "below_type": g.fmt(-g.HALF_LEADING),
        "page_number_top": g.fmt(g.PAGE_NUMBER_GAP + g.HALF_LEADING),
        "rule_thick": g.fmt(g.COLOPHON_THICK),
        "rule_thin": g.fmt(g.COLOPHON_THIN),
        "letter_left": g.fmt(-(g.LETTER_RULE_LENGTH - g.TYPE_WIDTH) / 2),
        "letter_width": g.fmt(g.LETTER_RULE_LENGTH),
        "red": g.RED,
    }


def _header_item(item: g.Item) -> dict[str, Any]:
    # A line box's character already stands HALF_LEADING below the box's top, exactly as
    # the page area stands HALF_LEADING above the 版心; marks and rules need the offset.
    top = item.top if item.kind in LINE_KINDS else item.top + g.HALF_LEADING
    style = f"top:{g.fmt(top)};"
    if item.kind == "mark":
        style += f"font-size:{item.size}pt;"
        if item.left is not None:
            style += f"left:{g.fmt(item.left)};width:auto;"
    elif item.kind in {"rule", "letter_rule"}:
        style += f"height:{g.fmt(item.height)};"
    return {"kind": item.kind, "text": item.text, "align": item.align, "style": style}


def _signature(block: content.SignatureBlock | None) -> dict[str, Any] | None:
    """署名 and 成文日期 with their offsets in mm; for 命令格式 the signer's post and name."""
    if block is None:
        return None

    def line(item: content.SignatureLine) -> dict[str, str]:
        return {"text": item.text, "left": g.fmt(item.left * g.CHAR)}

    date = line(block.date) if block.date else None
    blank = block.blank_lines
    if block.order:
        [name] = block.names
        signer = {"post": block.post, "name": name.text, "left": line(name)["left"]}
        return {"blank_lines": blank, "order": True, **signer, "date": date}
    names = [line(n) for n in block.names]
    rows = [
        {"names": [line(n) for n in row], "gap": range(block.row_lines - 1 if k else 0)}
        for k, row in enumerate(block.rows)
    ]
    return {"blank_lines": blank, "order": False, "names": names, "rows": rows, "date": date}
