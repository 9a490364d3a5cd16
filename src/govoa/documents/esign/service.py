"""电子用印 for a module's 用印 step: the 正式文件 PDF stamped with the seals the 用印登记簿
recorded (``documents.sealing``), stored, and each stamp recorded and audited."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.documents.esign.image import seal_png
from govoa.documents.esign.keys import seal_key_for
from govoa.documents.esign.stamp import Anchor, Stamp, stamp_pdf
from govoa.documents.files import open_stored, store_generated
from govoa.documents.models import SealKey, SealStamp, StoredFile
from govoa.documents.sealing import SealApplied


@dataclass(frozen=True)
class Sealed:
    """One agency's seal on the document: what was applied and where it presses."""

    applied: SealApplied
    agency_id: int
    agency_name: str
    anchor: Anchor


def _image(applied: SealApplied, agency_name: str) -> bytes:
    if applied.impression_id is not None:
        impression = StoredFile.objects.filter(pk=applied.impression_id).first()
        if impression is not None:
            with open_stored(impression) as handle:
                return handle.read()
    return seal_png(agency_name)


def esign(
    *,
    actor: Any,
    pdf: bytes,
    seals: list[Sealed],
    subject_type: str,
    subject_id: int,
    name: str,
    layout: list[Anchor] | None = None,
    owner_agency_id: int | None = None,
) -> StoredFile:
    """Inside the 用印 act's transaction: stamp, store, record (one ``SealStamp`` per seal).
    ``pdf`` may carry earlier seals (联合行文: the co-issuers' before the lead's): these are
    added as further signatures. ``layout``: every seal's anchor of the document (see
    ``stamp_pdf``); ``owner_agency_id``: whose file the result is (default: the first
    seal's agency)."""
    prepared = []
    for sealed in seals:
        key = seal_key_for(
            seal_id=sealed.applied.seal_id,
            seal_name=sealed.applied.seal_name,
            agency_id=sealed.agency_id,
            agency_name=sealed.agency_name,
        )
        image = store_generated(
            agency_id=sealed.agency_id,
            name=f"{key.seal_name}.png",
            kind="png",
            content=_image(sealed.applied, sealed.agency_name),
        )
        prepared.append((sealed, key, image))
    stored = _stamped(
        actor,
        pdf,
        [(key, image, s.anchor) for s, key, image in prepared],
        seals[0],
        name,
        layout=layout,
        owner_agency_id=owner_agency_id,
    )
    now = timezone.now()
    for sealed, key, image in prepared:
        stamp = SealStamp.objects.create(
            agency_id=sealed.agency_id,
            seal_key=key,
            subject_type=subject_type,
            subject_id=subject_id,
            file=stored,
            image=image,
            anchor_signature=sealed.anchor.signature[:100],
            anchor_date=sealed.anchor.date[:20],
            stamped_by=actor,
            stamped_at=now,
        )
        audit_record(
            action="documents.seal.esign",
            actor=actor,
            obj=stamp,
            agency_id=sealed.agency_id,
            details={"seal": key.seal_name, "subject": f"{subject_type}:{subject_id}"},
        )
    return stored


def _read(stored: StoredFile) -> bytes:
    with open_stored(stored) as handle:
        return handle.read()


def _stamped(
    actor: Any,
    pdf: bytes,
    seals: list[tuple[SealKey, StoredFile, Anchor]],
    lead: Sealed,
    name: str,
    *,
    layout: list[Anchor] | None,
    owner_agency_id: int | None,
) -> StoredFile:
    signed = stamp_pdf(
        pdf,
        stamps=[Stamp(key, _read(image), anchor) for key, image, anchor in seals],
        stamped_by=actor.real_name,
        location=lead.agency_name,
        layout=layout,
    )
    return store_generated(
        agency_id=owner_agency_id or lead.agency_id, name=name, kind="pdf", content=signed
    )


def stamps_of(subject_type: str, subject_id: int) -> list[SealStamp]:
    return list(
        SealStamp.objects.filter(subject_type=subject_type, subject_id=subject_id)
        .select_related("seal_key", "image", "stamped_by")
        .order_by("pk")
    )


def stamp_again(pdf: bytes, stamps: list[SealStamp], layout: list[Anchor] | None = None) -> bytes:
    """A printed copy (its own 份号) stamped with the seals the document was stamped with,
    each by the keeper who stamped it, in the same order: each copy carries its own
    verifiable seals."""
    return stamp_pdf(
        pdf,
        stamps=[
            Stamp(
                s.seal_key,
                _read(s.image),
                Anchor(s.anchor_signature, s.anchor_date),
                by=s.stamped_by.real_name,
                location=s.seal_key.seal_name,
            )
            for s in stamps
        ],
        stamped_by=stamps[0].stamped_by.real_name,
        location=stamps[0].seal_key.seal_name,
        layout=layout,
    )
