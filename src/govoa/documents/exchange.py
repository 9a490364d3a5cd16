"""公文交换 on one platform: an outgoing document sent to another agency arrives there as an
incoming document in its registrar's 待办; when the registrar signs for it (签收), the receipt
goes back to the sender. The two modules never import each other: the receiving module
registers a receiver and the sending module an acknowledger here."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.errors import Conflict, NotFound, ValidationFailed
from govoa.documents.models import Exchange, ExchangeStatus, StoredFile
from govoa.documents.replies import answer_acknowledged, answer_exchanged
from govoa.org.models import Agency, Person

Receiver = Callable[[Exchange], tuple[str, int]]  # → (target type, target id)
Acknowledger = Callable[[Exchange, Person], None]  # (exchange, the person who signed for it)


@dataclass
class _Registry:
    receiver: Receiver | None = None
    # Receivers of particular kinds of sending (a 联合行文's 会签 request), by source type.
    receivers: dict[str, Receiver] = field(default_factory=dict)
    acknowledgers: dict[str, Acknowledger] = field(default_factory=dict)


_registry = _Registry()


def register_receiver(receiver: Receiver, *, source_type: str = "") -> None:
    """The module that receives what is sent (``source_type``: only what that type sends;
    by default every 公文 sent, which arrives as a 收文)."""
    if source_type:
        _registry.receivers[source_type] = receiver
    else:
        _registry.receiver = receiver


def register_acknowledger(source_type: str, acknowledger: Acknowledger) -> None:
    _registry.acknowledgers[source_type] = acknowledger


def exchange_send(
    *,
    actor: object,
    sender_agency: Agency,
    receiver_agency: Agency,
    source_type: str,
    source_id: int,
    number: str,
    title: str,
    payload: dict[str, object],
    files: Iterable[StoredFile],
) -> Exchange:
    """Send; call inside the sending act's transaction, so both commit or neither."""
    if receiver_agency.pk == sender_agency.pk:
        raise ValidationFailed(fields={"agencies": ["不能向本机关交换公文。"]})
    if not receiver_agency.is_active:
        raise ValidationFailed(fields={"agencies": [f"{receiver_agency.name}已停用。"]})
    receiver = _registry.receivers.get(source_type) or _registry.receiver
    if receiver is None:  # pragma: no cover — the incoming app registers at start
        raise Conflict("公文交换未启用：没有接收模块。")
    try:
        with transaction.atomic():  # only the uniqueness of (source, receiver) is caught here
            exchange = Exchange.objects.create(
                sender_agency=sender_agency,
                receiver_agency=receiver_agency,
                source_type=source_type,
                source_id=source_id,
                number=number,
                title=title,
                payload=payload,
            )
    except IntegrityError as exc:
        raise Conflict(f"该文已经发给{receiver_agency.name}，不能重复交换。") from exc
    exchange.files.set(list(files))
    exchange.target_type, exchange.target_id = receiver(exchange)
    exchange.save(update_fields=["target_type", "target_id"])
    answer_exchanged(exchange)
    audit_record(
        action="documents.exchange.send",
        actor=actor,
        obj=exchange,
        agency_id=sender_agency.pk,
        details={"number": number, "to": receiver_agency.name},
    )
    return exchange


def exchange_acknowledge(*, actor: Person, exchange_id: int) -> Exchange:
    """``actor`` of the receiving agency signed for it: record the receipt and tell the
    sender's module."""
    with transaction.atomic():
        exchange = Exchange.objects.select_for_update().filter(pk=exchange_id).first()
        if exchange is None:
            raise NotFound()
        if exchange.status == ExchangeStatus.RECEIVED:
            return exchange
        exchange.status = ExchangeStatus.RECEIVED
        exchange.received_at = timezone.now()
        exchange.received_by_name = actor.real_name[:50]
        exchange.save(update_fields=["status", "received_at", "received_by_name"])
        acknowledger = _registry.acknowledgers.get(exchange.source_type)
        if acknowledger is not None:
            acknowledger(exchange, actor)
        answer_acknowledged(exchange)
        audit_record(
            action="documents.exchange.receive",
            actor=actor,
            obj=exchange,
            agency_id=exchange.receiver_agency_id,
            details={"number": exchange.number, "by": actor.real_name},
        )
    return exchange
