"""Business events for the outside world (webhooks): the module where something happens
publishes it here, inside its transaction; the integration app subscribes in its
``AppConfig.ready()`` and records what to send, so an act that rolls back sends nothing.

An event names its object by type and id only, with the 密级 of the matter: the subscriber
decides what may leave the system (nothing about a 秘密+ matter does)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class BusinessEvent:
    name: str  # "document.registered" / "document.signed" / "document.distributed" / "item.overdue"
    agency_id: int
    object_type: str  # "incoming" / "outgoing" / "flow.work_item"
    object_id: int
    url: str  # the object's page on this site, a local path
    classification: int
    data: dict[str, Any] = field(default_factory=dict)  # e.g. number, title


EventReceiver = Callable[[BusinessEvent], None]
_receivers: list[EventReceiver] = []


def receive_business_events(receiver: EventReceiver) -> None:
    if receiver not in _receivers:
        _receivers.append(receiver)


def business_event(event: BusinessEvent) -> None:
    """Announce ``event`` to every receiver (none: nothing happens)."""
    for receiver in _receivers:
        receiver(event)
