"""Reads of a person's own messages. Nobody reads another person's messages, whatever their
role, so every read is scoped by ``recipient``."""

from django.db.models import QuerySet

from govoa.notify.models import Notification
from govoa.org.models import Person


def notification_list(*, person: Person, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's messages, newest first."""
    qs = Notification.objects.filter(recipient=person)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def unread_count(*, person: Person) -> int:
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()
