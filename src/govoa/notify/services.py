"""Sending notifications and marking them read.

``notify`` is what other apps call (the workflow engine for 待办, 催办, 超期 and 超期上报).
It writes the in-app messages in the caller's transaction; email and SMS go out from
background tasks only once that transaction has committed, so an act that is rolled back
sends nothing."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from govoa.core.cached import cached
from govoa.core.errors import NotFound
from govoa.core.vocabulary import Classification
from govoa.notify.models import Channel, ChannelConfig, Delivery, Notification
from govoa.notify.tasks import deliver
from govoa.org.models import Person, PersonStatus

INAPP = "inapp"
# The agency's messaging platforms (钉钉, 企业微信), whichever its administrator enabled.
IM = "im"
CHANNELS = frozenset({INAPP, IM, Channel.EMAIL.value, Channel.SMS.value})
PLATFORMS = (Channel.DINGTALK, Channel.WECOM)
DEFAULT_CHANNELS = (INAPP, Channel.EMAIL.value, IM)
PLATFORMS_CACHE = "notify.platforms"


def enabled_platforms() -> frozenset[tuple[int, str]]:
    """(agency id, channel) of every enabled ChannelConfig: a few rows, cached until one
    changes (``stamp_bump(PLATFORMS_CACHE)``)."""
    return cached(
        PLATFORMS_CACHE,
        lambda: frozenset(
            ChannelConfig.objects.filter(is_enabled=True).values_list("agency_id", "channel")
        ),
    )


_TITLE_MAX = Notification._meta.get_field("title").max_length or 200


def is_local_path(url: str) -> bool:
    """A path on this site: ``/flow/items/1/``, but not ``//host/`` or ``/\\host``."""
    return url.startswith("/") and not url.startswith(("//", "/\\"))


def _enabled(channel: str) -> bool:
    """E-mail goes out only where a mail server is configured (GOVOA_SMTP_HOST), and SMS only
    through a real gateway: a fresh install sends nothing it cannot deliver."""
    if channel == Channel.EMAIL:
        return bool(settings.GOVOA_EMAIL_ENABLED)
    return settings.GOVOA_SMS_BACKEND != "log" or bool(settings.GOVOA_SMS_LOG_DELIVERIES)


def _outbound(channels: Sequence[str], classification: int) -> Callable[[int], list[Channel]]:
    """The outbound channels of a message in a given agency. From 秘密 up: none."""
    if classification >= Classification.SECRET:
        return lambda agency_id: []
    wanted: list[Channel] = [c for c in (Channel.EMAIL, Channel.SMS) if c.value in channels]
    if IM in channels:
        wanted += PLATFORMS
    if not any(c == Channel.SMS or c in PLATFORMS for c in wanted):
        everywhere = [c for c in wanted if _enabled(c)]
        return lambda agency_id: everywhere
    platforms = enabled_platforms()
    return lambda agency_id: [
        c
        for c in wanted
        if (c in (Channel.EMAIL, Channel.SMS) and _enabled(c)) or (agency_id, c) in platforms
    ]


def _address(person: Person, channel: str) -> str:
    """E-mail address, phone number, or — on 钉钉/企业微信 — the account name, which the
    platforms share with the directory (LDAP) GovOA's accounts come from."""
    if channel == Channel.EMAIL:
        return person.email.strip()
    if channel == Channel.SMS:
        return person.phone.strip()
    return person.username.strip()


def _checked(kind: str, channels: Sequence[str]) -> None:
    unknown = set(channels) - CHANNELS
    if unknown:
        raise ValueError(f"unknown notification channels: {sorted(unknown)}")
    if not kind:
        raise ValueError("kind is required")


def _one_line_title(title: str, url: str) -> str:
    """The title on one line (it becomes an email subject), after checking it and ``url``."""
    if url and not is_local_path(url):
        raise ValueError(f"url must be a local path starting with '/': {url!r}")
    title = " ".join(title.split())[:_TITLE_MAX]
    if not title:
        raise ValueError("title is required")
    return title


@dataclass(frozen=True)
class Message:
    """One in-app message for one person: what ``notify_each`` sends when the messages of a
    batch differ (each 待办 links to its own item)."""

    recipient: Person
    title: str
    body: str = ""
    url: str = ""


def notify(
    *,
    recipients: Iterable[Person],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    channels: Sequence[str] = DEFAULT_CHANNELS,
    agency_id: int | None = None,
    classification: int = Classification.NONE,
) -> list[Notification]:
    """Send ``title`` to each distinct active person of ``recipients``.

    Every recipient gets an in-app message (the record the other channels are sent from);
    ``"email"`` and ``"sms"`` in ``channels`` add an outbound delivery for those who have an
    email address or phone number; ``"im"`` one on each messaging platform (钉钉, 企业微信)
    the agency enabled. ``url`` is a local path (``/flow/items/1/``).
    ``agency_id`` defaults to each recipient's agency. People who are not 在职 are skipped.
    ``classification`` is the 密级 of what the message is about: from 秘密 up, nothing leaves
    the system (e-mail and SMS cross the intranet's edge; even a title may be a secret).

    Bad arguments are a programming error and raise ``ValueError``."""
    _checked(kind, channels)
    title = _one_line_title(title, url)
    people: dict[int, Person] = {}
    for person in recipients:
        if person.pk is not None:
            people.setdefault(person.pk, person)
    return notify_each(
        messages=[Message(person, title, body, url) for person in people.values()],
        kind=kind,
        channels=channels,
        agency_id=agency_id,
        classification=classification,
    )


@transaction.atomic
def notify_each(
    *,
    messages: Sequence[Message],
    kind: str,
    channels: Sequence[str] = DEFAULT_CHANNELS,
    agency_id: int | None = None,
    classification: int = Classification.NONE,
) -> list[Notification]:
    """Send each message to its recipient, in a constant number of queries however many
    there are — the rules of ``notify`` for every message (a person who is not 在职 is
    skipped; nothing about a 秘密+ matter leaves the system). A person named by two messages
    gets both."""
    _checked(kind, channels)
    rows = []
    for message in messages:
        title = _one_line_title(message.title, message.url)
        person = message.recipient
        if person.pk is not None and person.status == PersonStatus.ACTIVE:
            rows.append(
                Notification(
                    recipient=person,
                    agency_id=agency_id if agency_id is not None else person.agency_id,
                    kind=kind,
                    title=title,
                    body=message.body,
                    url=message.url,
                )
            )
    if not rows:
        return []

    notifications = Notification.objects.bulk_create(rows)
    outbound = _outbound(channels, classification)
    deliveries = [
        Delivery(notification=notification, channel=channel, address=address)
        for notification in notifications
        for channel in outbound(notification.agency_id)
        if (address := _address(notification.recipient, channel))
    ]
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        for delivery in deliveries:
            # robust: a queue that cannot take the task must not fail the act that already
            # committed; the periodic retry picks up deliveries left queued.
            transaction.on_commit(partial(deliver.enqueue, delivery.pk), robust=True)
    return notifications


def notification_mark_read(*, person: Person, notification_id: int) -> Notification:
    """Mark one of the person's own messages read (again: no change). Someone else's message
    is "not found", like a missing one."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, recipient=person)
            .first()
        )
        if notification is None:
            raise NotFound("消息不存在或不是发给您的。")
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, person: Person) -> int:
    """Mark all the person's unread messages read; return how many there were."""
    return Notification.objects.filter(recipient=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )
