"""电子用印 of a 发文: at 用印 the 正式文件 is stamped with the seal the 用印登记簿 recorded
(``documents.sealing``) and signed (``documents.esign``); later downloads and the exchange
use that file. Drafts and unsealed documents never carry a seal image."""

from django.utils import timezone

from govoa.core.dates import chinese_date
from govoa.documents.esign.service import Sealed, esign, stamp_again, stamps_of
from govoa.documents.esign.stamp import Anchor
from govoa.documents.files import open_stored
from govoa.documents.rendering.pdf import render_pdf
from govoa.documents.sealing import SealApplied
from govoa.flow.registry import stage
from govoa.org.models import Person
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.official import to_official
from govoa.outgoing.policies import SUBJECT_TYPE
from govoa.outgoing.services import joint


def seal_electronically(
    document: OutgoingDocument, actor: Person, applied: list[SealApplied]
) -> None:
    """Inside the 用印 act: one electronic stamp per seal recorded."""
    if not applied or not document.signed_at:
        return
    agency = document.agency
    written = joint.written_on(document) or timezone.localtime(document.signed_at).date()
    date = chinese_date(written)
    # 联合行文: this agency's seal presses its own 署名; the last co-issuer's presses the date.
    if document.co_issuers.exists():
        date = ""
    stored = esign(
        actor=actor,
        pdf=render_pdf(to_official(document)),
        seals=[Sealed(a, agency.pk, agency.name, Anchor(agency.name, date)) for a in applied[:1]],
        subject_type=SUBJECT_TYPE,
        subject_id=document.pk,
        name=f"{document.number or document.title}.pdf",
    )
    document.sealed_file = stored
    stage(document, "sealed_file")


def sealed_pdf(document: OutgoingDocument, copy: int | None = None) -> bytes | None:
    """The stamped 正式文件 (``copy``: that printed copy, stamped with the same seals), or
    None when the document carries no electronic seal."""
    stored = document.sealed_file
    if stored is None:
        return None
    if copy is None:
        with open_stored(stored) as handle:
            return handle.read()
    stamps = stamps_of(SUBJECT_TYPE, document.pk)
    if not stamps:
        return None
    return stamp_again(render_pdf(to_official(document, copy=copy)), stamps)
