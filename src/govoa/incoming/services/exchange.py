"""收文 from another agency of the platform (公文交换): it arrives registered, with a 签收
item in the registrars' 待办; signing for it sends the receipt back to the sender."""

import datetime
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from govoa.core.errors import ValidationFailed
from govoa.core.vocabulary import Role
from govoa.documents.exchange import exchange_acknowledge, register_receiver
from govoa.documents.files import open_stored, store_generated
from govoa.documents.models import Exchange, StoredFile
from govoa.documents.vocabulary import DocType, ReceiveChannel, Urgency
from govoa.incoming.models import IncomingDocument
from govoa.incoming.policies import SUBJECT_TYPE
from govoa.incoming.services.registration import incoming_create
from govoa.incoming.workflow import ASKING_TYPES
from govoa.org.models import Person
from govoa.org.selectors import people_with_role

EXCHANGE_FLOW = "incoming_exchange"


def _registrar(exchange: Exchange) -> Person:
    registrar = people_with_role(agency_id=exchange.receiver_agency_id, role=Role.REGISTRAR).first()
    if registrar is None:
        raise ValidationFailed(
            f"{exchange.receiver_agency.name}没有收发员，无法接收交换公文，请该机关先设置收发员。"
        )
    return registrar


def receive_exchange(exchange: Exchange) -> tuple[str, int]:
    """The document arrives: registered (一文一号), its files copied, 签收 to the registrars."""
    registrar = _registrar(exchange)
    with transaction.atomic():
        document = incoming_create(
            document=_unsaved(exchange, registrar),
            files=_copies(exchange),
            actor=None,
            audit_action="incoming.document.exchange_arrive",
            details={"from": exchange.sender_agency.name, "source_number": exchange.number},
            flow_code=EXCHANGE_FLOW,
            opinion="公文交换送达",
        )
    return SUBJECT_TYPE, document.pk


def _unsaved(exchange: Exchange, registrar: Person) -> IncomingDocument:
    payload = exchange.payload
    written = payload.get("written_on")
    return IncomingDocument(
        agency_id=exchange.receiver_agency_id,
        source_org=exchange.sender_agency.name,
        source_number=exchange.number,
        title=exchange.title,
        doc_type=payload.get("doc_type")
        if payload.get("doc_type") in DocType.values
        else DocType.NOTICE,
        classification=int(payload.get("classification") or 0),
        secrecy_period=str(payload.get("secrecy_period") or ""),
        urgency=payload.get("urgency")
        if payload.get("urgency") in Urgency.values
        else Urgency.NORMAL,
        copies=1,
        pages=int(payload.get("pages") or 1),
        written_on=datetime.date.fromisoformat(str(written)) if written else None,
        received_at=timezone.now(),
        channel=ReceiveChannel.EXCHANGE,
        received_by=registrar,
        registered_by=registrar,
        exchange_id=exchange.pk,
        reply_required=payload.get("doc_type") in ASKING_TYPES,
    )


def _copies(exchange: Exchange) -> Iterator[StoredFile]:
    """The sender's files, copied into the receiving agency's storage."""
    for stored in exchange.files.all():
        with open_stored(stored) as handle:
            content = handle.read()
        yield store_generated(
            agency_id=exchange.receiver_agency_id,
            name=stored.name,
            kind=stored.kind,
            content=content,
        )


def sign_for(document: IncomingDocument, actor: Person) -> None:
    """签收 (inside the act): the receipt goes back to the sending agency."""
    document.received_by = actor
    document.received_at = timezone.now()
    document.save(update_fields=["received_by", "received_at"])
    if document.exchange_id:
        exchange_acknowledge(actor=actor, exchange_id=document.exchange_id)


register_receiver(receive_exchange)
