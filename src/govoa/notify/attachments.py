"""Files an e-mail carries besides its text, by the notification's kind: a module registers
a provider in its ``AppConfig.ready()`` (the meeting notice's ICS invitation), so notify
imports no module above it. A provider returns ``(filename, content, mimetype)`` triples
for the notification, or nothing (the subject is gone, or not for e-mail)."""

from collections.abc import Callable

from govoa.notify.models import Notification

Attachment = tuple[str, bytes, str]
AttachmentProvider = Callable[[Notification], list[Attachment]]
_providers: dict[str, AttachmentProvider] = {}


def register_email_attachments(kind: str, provider: AttachmentProvider) -> None:
    _providers[kind] = provider


def attachments_for(notification: Notification) -> list[Attachment]:
    provider = _providers.get(notification.kind)
    return provider(notification) if provider is not None else []
