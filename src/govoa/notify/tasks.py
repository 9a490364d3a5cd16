"""Sending the email and SMS of a notification, in the background.

A delivery is first claimed (status 发送中) under a row lock, so two workers (or a worker and
the periodic retry) do not send the same message; the network call runs after that short
transaction. A worker that dies mid-send leaves the claim to go stale, and the retry sends it
again (at least once, rather than never). Failures are recorded on the row and retried by
``retry_failed_deliveries`` up to ``MAX_ATTEMPTS``."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from govoa.notify.attachments import attachments_for
from govoa.notify.messaging import MessagingError, messenger
from govoa.notify.models import Channel, ChannelConfig, Delivery, DeliveryStatus, Notification
from govoa.notify.sms import get_gateway

logger = logging.getLogger("govoa.notify")

MAILER = "default"
SUBJECT_PREFIX = "【GovOA】"
SMS_MAX_CHARS = 300
MAX_ATTEMPTS = 5
RETRY_BATCH = 100
# A delivery still queued after this long lost its task (the queue refused it, or a worker
# died): the periodic retry sends it too.
STALE_QUEUED_AFTER = datetime.timedelta(minutes=10)
_ERROR_MAX = 2000


def absolute_url(path: str) -> str:
    """The link for an email: ``GOVOA_SITE_URL`` plus the notification's path (or the message
    list when it has none)."""
    return settings.GOVOA_SITE_URL.rstrip("/") + (path or reverse("notify:list"))


def email_subject(notification: Notification) -> str:
    return f"{SUBJECT_PREFIX}{notification.title}"


def email_text(notification: Notification) -> str:
    parts = [notification.title]
    if notification.body:
        parts.append(notification.body)
    parts.append(f"查看详情：{absolute_url(notification.url)}")
    parts.append("——\n本邮件由 GovOA 机关协同办公系统自动发送，请勿直接回复。")
    return "\n\n".join(parts) + "\n"


def sms_text(notification: Notification) -> str:
    text = f"{SUBJECT_PREFIX}{notification.title}"
    if notification.body:
        text += f"：{notification.body}"
    suffix = "（请登录协同办公系统查看）"
    room = SMS_MAX_CHARS - len(suffix)
    if len(text) > room:
        text = text[: room - 1] + "…"
    return text + suffix


def im_text(notification: Notification) -> str:
    """A work notice on 钉钉 / 企业微信: title, content and the link."""
    parts = [f"{SUBJECT_PREFIX}{notification.title}"]
    if notification.body:
        parts.append(notification.body)
    parts.append(f"查看详情：{absolute_url(notification.url)}")
    return "\n".join(parts)


def _platform(agency_id: int, channel: str) -> ChannelConfig | None:
    return ChannelConfig.objects.filter(
        agency_id=agency_id, channel=channel, is_enabled=True
    ).first()


def _through(config: ChannelConfig, address: str, text: str) -> None:
    messenger(
        config.channel,
        base_url=config.base_url,
        app_key=config.app_key,
        app_secret=config.app_secret,
        agent_id=config.agent_id,
    ).send(address, text)


def _send(delivery: Delivery) -> None:
    notification = delivery.notification
    if delivery.channel == Channel.EMAIL:
        message = EmailMessage(
            subject=email_subject(notification),
            body=email_text(notification),
            to=[delivery.address],
        )
        for filename, content, mimetype in attachments_for(notification):
            message.attach(filename, content, mimetype)
        message.send(using=MAILER)
    elif delivery.channel == Channel.SMS:
        config = _platform(notification.agency_id, Channel.SMS)
        if config is not None:
            _through(config, delivery.address, sms_text(notification))
        else:
            get_gateway().send(delivery.address, sms_text(notification))
    elif delivery.channel in (Channel.DINGTALK, Channel.WECOM):
        config = _platform(notification.agency_id, delivery.channel)
        if config is None:
            raise MessagingError(f"本机关未启用{Channel(delivery.channel).label}。")
        _through(config, delivery.address, im_text(notification))
    else:  # pragma: no cover — the choices allow no other value
        raise ValueError(f"未知的发送渠道：{delivery.channel}")


def _describe(channel: str, exc: Exception) -> str:
    what = f"{Channel(channel).label}发送失败"
    return f"{what}：{type(exc).__name__}: {exc}"[:_ERROR_MAX]


def _claim(delivery_id: int, skip_locked: bool) -> Delivery | None:
    """Mark the delivery as being sent, in a short transaction of its own: the network call
    then runs with no database lock held (on SQLite a held lock would stop every writer)."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=skip_locked, of=("self",))
            .select_related("notification")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status == DeliveryStatus.SENT:
            return None
        in_flight = (
            delivery.status == DeliveryStatus.SENDING
            and delivery.claimed_at
            and (timezone.now() - delivery.claimed_at < STALE_QUEUED_AFTER)
        )
        if in_flight:
            return None  # another worker is sending it right now
        delivery.status = DeliveryStatus.SENDING
        delivery.claimed_at = timezone.now()
        delivery.attempts += 1
        delivery.save(update_fields=["status", "claimed_at", "attempts"])
    return delivery


def send_delivery(delivery_id: int, *, skip_locked: bool = False) -> str | None:
    """Send one delivery unless it is sent or being sent; return its status afterwards
    (``None`` if it is gone, already handled, or locked by another sender)."""
    delivery = _claim(delivery_id, skip_locked)
    if delivery is None:
        return Delivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
    try:
        _send(delivery)
    except Exception as exc:  # any failure of the channel is recorded and retried later
        status, error, sent_at = DeliveryStatus.FAILED, _describe(delivery.channel, exc), None
        logger.warning(
            "外发失败（第 %s 次）：delivery=%s %s", delivery.attempts, delivery.pk, error
        )
    else:
        status, error, sent_at = DeliveryStatus.SENT, "", timezone.now()
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=status, last_error=error, sent_at=sent_at
    )
    return status


@task()
def deliver(delivery_id: int) -> str | None:
    """Send one email or SMS (enqueued by ``services.notify`` after its transaction commits)."""
    return send_delivery(delivery_id)


@task()
def retry_failed_deliveries() -> dict[str, int]:
    """Send again the deliveries that failed fewer than ``MAX_ATTEMPTS`` times, and those
    left queued too long (periodic, every 300 seconds)."""
    stale = timezone.now() - STALE_QUEUED_AFTER
    due = Delivery.objects.filter(
        Q(status=DeliveryStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
        | Q(status=DeliveryStatus.QUEUED, created_at__lt=stale)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=stale)
    ).order_by("pk")
    counts = {"sent": 0, "failed": 0}
    for delivery_id in list(due.values_list("pk", flat=True)[:RETRY_BATCH]):
        status = send_delivery(delivery_id, skip_locked=True)
        if status == DeliveryStatus.SENT:
            counts["sent"] += 1
        elif status == DeliveryStatus.FAILED:
            counts["failed"] += 1
    return counts
