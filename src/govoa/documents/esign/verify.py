"""验章: who stamped a PDF, when, with which seal, and whether it is intact (pyHanko's
validator against the deployment's CA)."""

import datetime
import io
from dataclasses import dataclass, field

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from govoa.documents.esign.keys import authority_certificate

ALLOWED_AFTER = {
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
}


@dataclass(frozen=True)
class SealVerdict:
    seal: str  # the certificate's CN: the seal's name
    agency: str  # its O
    stamped_by: str
    stamped_at: datetime.datetime | None
    intact: bool  # the signed bytes are unchanged and nothing but signatures was added after
    trusted: bool  # the seal's certificate was issued by this deployment's CA

    @property
    def label(self) -> str:
        if not self.intact:
            return "已被修改"
        return "完好" if self.trusted else "完好，但印章证书不是本系统签发的"


@dataclass
class Report:
    seals: list[SealVerdict] = field(default_factory=list)
    problem: str = ""  # the file cannot be read as a PDF, or something else prevents checking

    @property
    def intact(self) -> bool:
        return bool(self.seals) and not self.problem and all(s.intact for s in self.seals)

    def lines(self) -> list[str]:
        if self.problem:
            return [self.problem]
        if not self.seals:
            return ["该文件没有电子印章。"]
        return [
            f"{s.agency}“{s.seal}”，{s.stamped_by or '—'}盖于 "
            f"{s.stamped_at.astimezone().strftime('%Y-%m-%d %H:%M') if s.stamped_at else '—'}："
            f"{s.label}"
            for s in self.seals
        ]


def _trust_roots() -> list[asn1_x509.Certificate]:
    return [
        asn1_x509.Certificate.load(authority_certificate().public_bytes(serialization.Encoding.DER))
    ]


def verify_pdf(data: bytes) -> Report:
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception:  # untrusted input: whatever breaks the reader is reported
        return Report(problem="文件无法作为 PDF 读取（已损坏或被修改）。")
    report = Report()
    roots = _trust_roots()
    for signature in signatures:
        try:
            report.seals.append(_verdict(signature, roots))
        except Exception:  # a signature that cannot even be read is not intact
            report.seals.append(SealVerdict("", "", "", None, intact=False, trusted=False))
    return report


def _verdict(signature: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate]) -> SealVerdict:
    name = signature.sig_object.get("/Name")
    certificate = signature.signer_cert
    subject = certificate.subject.native if certificate is not None else {}
    try:
        status = validate_pdf_signature(
            signature, ValidationContext(trust_roots=roots, allow_fetching=False)
        )
    except Exception:
        return SealVerdict(
            seal=str(subject.get("common_name", "")),
            agency=str(subject.get("organization_name", "")),
            stamped_by=str(name or ""),
            stamped_at=None,
            intact=False,
            trusted=False,
        )
    # Later seals are incremental updates that only fill signature fields.
    untouched = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.modification_level in ALLOWED_AFTER
    )
    return SealVerdict(
        seal=str(subject.get("common_name", "")),
        agency=str(subject.get("organization_name", "")),
        stamped_by=str(name or ""),
        stamped_at=status.signer_reported_dt,
        intact=bool(status.intact and status.valid and untouched),
        trusted=bool(status.trusted),
    )
