"""电子用印 of a 发文: at 用印 the 正式文件 is stamped with the seal the 用印登记簿 recorded
(``documents.sealing``) and signed (``documents.esign``); later downloads and the exchange
use that file. Drafts and unsealed documents never carry a seal image.

联合行文 (GB/T 9704 7.3.5.1): one seal over each agency's 署名, the last over the 成文日期.
Each co-issuer's keeper stamps first, with its own seal and key, each seal an incremental
signature on what the others stamped (``co_issuer_seal``); the lead's 用印 adds its seal
and finishes the file (``seal_electronically``). Until then the lead's 正式文件 carries no
seal: only the keepers' own stamps ever show."""

from django.utils import timezone

from govoa.core.dates import chinese_date
from govoa.core.errors import TransitionNotAllowed
from govoa.documents.esign.service import Sealed, esign, stamp_again
from govoa.documents.esign.stamp import Anchor
from govoa.documents.files import open_stored
from govoa.documents.models import SealStamp, StoredFile
from govoa.documents.rendering.pdf import render_pdf
from govoa.documents.sealing import SealApplied
from govoa.flow.registry import stage
from govoa.org.models import Agency, Person
from govoa.outgoing.joint_models import JointCountersign, JointSealState
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.official import to_official
from govoa.outgoing.policies import SUBJECT_TYPE
from govoa.outgoing.services import joint


def issuers(document: OutgoingDocument) -> list[Agency]:
    """The agencies that sign the document, in the order of their 署名: the lead first."""
    if getattr(document, "is_joint", None) is False:  # known when loaded for a flow act
        return [document.agency]
    return [document.agency, *(c.agency for c in document.co_issuers.select_related("agency"))]


def anchors_of(document: OutgoingDocument) -> list[Anchor]:
    """Where each agency's seal presses, in the order of the 署名: its own 署名, and the last
    agency's also the 成文日期 (7.3.5.1)."""
    written = joint.written_on(document) or timezone.localtime(document.signed_at).date()
    date = chinese_date(written)
    names = [a.name for a in issuers(document)]
    return [Anchor(n, date if i == len(names) - 1 else "") for i, n in enumerate(names)]


def _sealed_rows(document: OutgoingDocument) -> list[JointCountersign]:
    """The co-issuers' stamps on the current request, in the order they were made."""
    if not document.joint_round:
        return []
    return list(
        JointCountersign.objects.filter(
            document=document,
            round=document.joint_round,
            seal_state=JointSealState.SEALED,
            sealed_file__isnull=False,
        )
        .select_related("sealed_file")
        .order_by("sealed_file_id")  # each stored after the one it stamped on
    )


def _read(stored: StoredFile) -> bytes:
    with open_stored(stored) as handle:
        return handle.read()


def _base(document: OutgoingDocument) -> bytes:
    """The 正式文件 as the co-issuers have stamped it so far (the last of their files:
    each stamped on the one before), or freshly laid out when none has."""
    rows = _sealed_rows(document)
    if rows and rows[-1].sealed_file is not None:
        return _read(rows[-1].sealed_file)
    return render_pdf(to_official(document))


def _name(document: OutgoingDocument) -> str:
    return f"{document.number or document.title}.pdf"


def co_issuer_seal(
    document: OutgoingDocument, row: JointCountersign, actor: Person, applied: SealApplied
) -> StoredFile:
    """A co-issuer's keeper stamps its own seal over its own 署名 (inside its 用印 act, the
    lead's document locked so that the stamps follow one another)."""
    anchors = anchors_of(document)
    order = [a.pk for a in issuers(document)]
    if row.agency_id not in order:  # the co-issuers changed since this request
        raise TransitionNotAllowed(f"{row.agency.name}已不是该文的联署机关，本次用印请求已失效。")
    position = order.index(row.agency_id)
    return esign(
        actor=actor,
        pdf=_base(document),
        seals=[Sealed(applied, row.agency_id, row.agency.name, anchors[position])],
        subject_type=SUBJECT_TYPE,
        subject_id=document.pk,
        name=_name(document),
        layout=anchors,
        owner_agency_id=document.agency_id,
    )


def seal_electronically(
    document: OutgoingDocument, actor: Person, applied: list[SealApplied]
) -> None:
    """Inside the 用印 act: the lead's seal, over its 署名 (and the 成文日期 when it signs
    alone), on the file the co-issuers stamped."""
    if not applied or not document.signed_at:
        return
    agency = document.agency
    anchors = anchors_of(document)
    stored = esign(
        actor=actor,
        pdf=_base(document),
        seals=[Sealed(a, agency.pk, agency.name, anchors[0]) for a in applied[:1]],
        subject_type=SUBJECT_TYPE,
        subject_id=document.pk,
        name=_name(document),
        layout=anchors,
    )
    document.sealed_file = stored
    stage(document, "sealed_file")


def _stamps(document: OutgoingDocument) -> list[SealStamp]:
    """The stamps the sealed file carries, in their order: the co-issuers' of the current
    request, then the lead's (earlier, redone stamps are not among them)."""
    files = [r.sealed_file_id for r in _sealed_rows(document)]
    return list(
        SealStamp.objects.filter(
            subject_type=SUBJECT_TYPE,
            subject_id=document.pk,
            file_id__in=[document.sealed_file_id, *files],
        )
        .select_related("seal_key", "image", "stamped_by")
        .order_by("pk")
    )


def sealed_pdf(document: OutgoingDocument, copy: int | None = None) -> bytes | None:
    """The stamped 正式文件 (``copy``: that printed copy, stamped with the same seals), or
    None when the document carries no electronic seal."""
    stored = document.sealed_file
    if stored is None:
        return None
    if copy is None:
        return _read(stored)
    stamps = _stamps(document)
    if not stamps:
        return None
    # 联合行文: placed among every agency's 署名 (a lone agency's stamps say it all).
    layout = anchors_of(document) if document.joint_round else None
    return stamp_again(render_pdf(to_official(document, copy=copy)), stamps, layout)
