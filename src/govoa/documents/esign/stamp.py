"""电子用印: the seal's image placed over the 署名 and 成文日期 (GB/T 9704 7.3.5.1) as the
visible appearance of a PAdES signature made with the seal's key (pyHanko).

Placement: the seal (42 mm) is centred on the 成文日期 (the 署名 is centred on it too), and
raised so that 署名 and 成文日期 sit below its centre (居印章中心偏下); with the sealed layout
(two blank lines above the 署名) its top then falls within one line under the 正文."""

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from PIL import Image
from pyhanko.pdf_utils import layout as box_layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfReader, PdfWriter

from govoa.core.errors import ValidationFailed
from govoa.documents.esign.keys import authority_certificate, private_key
from govoa.documents.models import SealKey

MM = 72 / 25.4
SEAL_MM = 42.0
RAISE = 0.2  # of the diameter: the 署名/日期 block's middle lies this far below the centre


@dataclass(frozen=True)
class Anchor:
    """Where one seal goes: the 署名 it presses on and the 成文日期 under it (if any)."""

    signature: str
    date: str = ""


@dataclass(frozen=True)
class Placement:
    page: int  # 0-based
    box: tuple[float, float, float, float]  # PDF points: left, bottom, right, top


def _find(textpage: "pdfium.PdfTextPage", text: str) -> list[tuple[float, float, float, float]]:
    found = []
    searcher = textpage.search(text, match_case=True)
    while (occurrence := searcher.get_next()) is not None:
        start, count = occurrence
        boxes = [textpage.get_charbox(start + k) for k in range(count)]
        found.append(
            (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
        )
    return found


def place(pdf: bytes, anchors: list[Anchor]) -> list[Placement]:
    """One box per anchor: on the page whose 成文日期 has the 署名 right above it (the
    colophon's 印发机关 and 印发日期 never match: no 署名 stands above them)."""
    document = pdfium.PdfDocument(pdf)
    try:
        dated = (
            next(a for a in reversed(anchors) if a.date) if any(a.date for a in anchors) else None
        )
        for index in reversed(range(len(document))):
            textpage = document[index].get_textpage()
            date = _date_under_name(textpage, dated) if dated else None
            if dated and date is None:
                continue
            placements = [_placement(textpage, index, a, date) for a in anchors]
            if all(placements):
                return placements  # type: ignore[return-value]
        missing = anchors[-1].signature
        raise ValidationFailed(f"正式文件中找不到署名“{missing}”和成文日期，无法盖章。")
    finally:
        document.close()


Box = tuple[float, float, float, float]
LINE = 10.227 * MM


def _date_under_name(textpage: "pdfium.PdfTextPage", anchor: Anchor) -> Box | None:
    names = _find(textpage, anchor.signature)
    for date in _find(textpage, anchor.date):
        if any(0 <= n[1] - date[3] < 1.5 * LINE for n in names):
            return date
    return None


def _placement(
    textpage: "pdfium.PdfTextPage", page: int, anchor: Anchor, date: Box | None
) -> Placement | None:
    names = [n for n in _find(textpage, anchor.signature) if date is None or n[1] >= date[3]]
    if not names:
        return None
    # The 署名 nearest above the date (the last one on the page when there is no date).
    name = min(names, key=lambda n: n[1]) if date is not None else names[-1]
    with_date = anchor.date and date is not None and name[1] - date[3] < 1.5 * LINE
    block_bottom = date[1] if with_date and date else name[1]
    centre_x = (date[0] + date[2]) / 2 if with_date and date else (name[0] + name[2]) / 2
    middle = (name[3] + block_bottom) / 2
    radius = SEAL_MM * MM / 2
    centre_y = middle + RAISE * 2 * radius
    return Placement(
        page=page,
        box=(centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius),
    )


def _signer(key: SealKey) -> signers.SimpleSigner:
    certificate = x509.load_pem_x509_certificate(key.certificate.encode())
    secret = private_key(key.private_key)
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(
            certificate.public_bytes(serialization.Encoding.DER)
        ),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            secret.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs(
            [
                asn1_x509.Certificate.load(
                    authority_certificate().public_bytes(serialization.Encoding.DER)
                )
            ]
        ),
    )


@dataclass(frozen=True)
class Stamp:
    key: SealKey
    image_png: bytes
    anchor: Anchor
    by: str = ""  # the keeper who stamped it (else ``stamp_pdf``'s ``stamped_by``)
    location: str = ""  # the keeper's agency (else ``stamp_pdf``'s ``location``)


def _normalised(pdf: bytes) -> bytes:
    """The laid-out PDF rewritten (pypdf) before its first seal, with its names escaped as
    PDF requires: WeasyPrint writes the embedded fonts' Chinese names (“小标宋”) as raw
    UTF-8, which pyHanko cannot read back when, validating an earlier seal, it checks what
    each later one changed (联合行文: one signature per agency)."""
    out = io.BytesIO()
    PdfWriter(clone_from=PdfReader(io.BytesIO(pdf))).write(out)
    return out.getvalue()


def stamp_pdf(
    pdf: bytes,
    *,
    stamps: list[Stamp],
    stamped_by: str,
    location: str,
    layout: list[Anchor] | None = None,
) -> bytes:
    """Each seal in turn, each a signature of its own (one incremental update each), added
    after the signatures ``pdf`` already carries (they stay valid). ``layout``: every seal's
    anchor of the document (联合行文: every agency's 署名, the last with the 成文日期), so that
    one agency's seal, stamped alone, is placed as in the whole (the dated 署名 finds the
    page; the colophon's 印发机关 is never taken for a 署名)."""
    anchors = list(layout) if layout else [s.anchor for s in stamps]
    for stamp in stamps:
        if stamp.anchor not in anchors:
            anchors.append(stamp.anchor)
    placed = dict(zip(anchors, place(pdf, anchors), strict=True))
    placements = [placed[s.anchor] for s in stamps]
    numbered = len(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
    current = pdf if numbered else _normalised(pdf)
    for number, (stamp, placement) in enumerate(
        zip(stamps, placements, strict=True), start=numbered + 1
    ):
        style = StaticStampStyle(
            background=PdfImage(Image.open(io.BytesIO(stamp.image_png)).convert("RGBA")),
            border_width=0,
            background_layout=box_layout.SimpleBoxLayoutRule(
                x_align=box_layout.AxisAlignment.ALIGN_MID,
                y_align=box_layout.AxisAlignment.ALIGN_MID,
                margins=box_layout.Margins.uniform(0),
            ),
        )
        field_name = f"Seal{number}"
        pdf_signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(
                field_name=field_name,
                name=stamp.by or stamped_by,
                reason=f"用印：{stamp.key.seal_name}",
                location=stamp.location or location,
                subfilter=fields.SigSeedSubFilter.PADES,
                md_algorithm="sha256",
            ),
            signer=_signer(stamp.key),
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(
                sig_field_name=field_name,
                on_page=placement.page,
                box=tuple(round(v, 2) for v in placement.box),  # type: ignore[arg-type]
            ),
        )
        out = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(current)))
        current = out.getvalue()
    return current
