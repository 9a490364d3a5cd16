"""Webhook deliveries: recorded in the act's transaction from a business event, sent after it
commits, signed with HMAC-SHA256, retried with back-off.

The receiver checks ``X-GovOA-Signature: t=<unix time>,v1=<hex>`` where the hex is
HMAC-SHA256(secret, ``"<t>." + body``) — the time is signed too, so a captured request cannot
be replayed later with a new time. A 2xx answer is success; anything else (a redirect
included), a timeout or a refused connection is retried after 1 min, 5 min, 30 min, 2 h and
6 h, then given up (已放弃)."""

import datetime
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from govoa.core.cached import cached
from govoa.core.events import BusinessEvent
from govoa.core.vocabulary import Classification
from govoa.integration.models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
)

logger = logging.getLogger("govoa.integration")

TIMEOUT = 10.0
BACKOFF = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
]
MAX_ATTEMPTS = len(BACKOFF) + 1
# A delivery claimed this long ago whose sender vanished (a worker died) is sent again.
STALE_AFTER = datetime.timedelta(minutes=10)
_ERROR_MAX = 1000


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes) -> bool:
    """What a receiver does (and what the tests' stand-in receiver does)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def payload_for(event: BusinessEvent, *, event_id: str) -> dict[str, Any]:
    site = settings.GOVOA_SITE_URL.rstrip("/")
    return {
        "id": event_id,
        "event": event.name,
        "occurred_at": timezone.now().isoformat(),
        "agency_id": event.agency_id,
        "object": {
            "type": event.object_type,
            "id": event.object_id,
            "url": site + event.url,
            "classification": event.classification,
            **{k: v for k, v in event.data.items() if isinstance(v, str | int | None)},
        },
    }


SUBSCRIPTIONS_CACHE = "integration.webhooks"


def subscriptions() -> frozenset[tuple[int, str]]:
    """(agency id, event) of every active endpoint: a few rows, cached until an endpoint
    changes, so that an act whose agency pushes nothing pays no query."""
    return cached(
        SUBSCRIPTIONS_CACHE,
        lambda: frozenset(
            (agency_id, name)
            for agency_id, events in WebhookEndpoint.objects.filter(is_active=True).values_list(
                "agency_id", "events"
            )
            for name in events
        ),
    )


def record_deliveries(event: BusinessEvent) -> None:
    """One delivery per active endpoint of the agency that asked for the event. Nothing about a
    秘密+ matter leaves the system (not even that it exists), as with e-mail and SMS."""
    if event.classification >= Classification.SECRET:
        return
    if (event.agency_id, event.name) not in subscriptions():
        return
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(agency_id=event.agency_id, is_active=True)
        if event.name in e.events
    ]
    for endpoint in endpoints:
        delivery = WebhookDelivery(endpoint=endpoint, event=event.name)
        delivery.payload = payload_for(event, event_id=str(delivery.event_id))
        delivery.save()
        schedule(delivery.pk)


def schedule(delivery_id: int) -> None:
    from govoa.integration.tasks import deliver_webhook

    # robust: a queue that refuses the task must not fail the act; the periodic retry sends it.
    transaction.on_commit(partial(deliver_webhook.enqueue, delivery_id), robust=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def post(url: str, secret: str, delivery: WebhookDelivery) -> int:
    """POST the signed payload; return the HTTP status (raise ``OSError`` when unreachable)."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise ValueError("推送地址应为 http:// 或 https:// 地址。")
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "GovOA-Webhook/1",
        "X-GovOA-Event": delivery.event,
        "X-GovOA-Delivery": str(delivery.event_id),
        "X-GovOA-Signature": sign(secret, int(timezone.now().timestamp()), body),
    }
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _claim(delivery_id: int) -> WebhookDelivery | None:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status in (DeliveryStatus.SENT, DeliveryStatus.ABANDONED):
            return None
        now = timezone.now()
        if (
            delivery.status == DeliveryStatus.SENDING
            and delivery.claimed_at
            and (now - delivery.claimed_at < STALE_AFTER)
        ):
            return None
        delivery.status = DeliveryStatus.SENDING
        delivery.claimed_at = now
        delivery.attempts += 1
        delivery.save(update_fields=["status", "claimed_at", "attempts"])
    return delivery


def send(delivery_id: int) -> str | None:
    """Send one delivery unless it is done or being sent; return its status afterwards. The
    network call runs with no lock held."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return (
            WebhookDelivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
        )
    endpoint = delivery.endpoint
    code: int | None = None
    error = ""
    try:
        code = post(endpoint.url, endpoint.secret, delivery)
        if not 200 <= code < 300:
            error = f"接收方返回 HTTP {code}。"
    except TimeoutError:
        error = f"接收方在 {TIMEOUT:g} 秒内没有响应。"
    except urllib.error.URLError as exc:
        error = f"无法连接接收方：{exc.reason}"
    except (OSError, ValueError) as exc:
        error = f"推送失败：{exc}"
    now = timezone.now()
    fields: dict[str, Any] = {"last_status_code": code, "last_error": error[:_ERROR_MAX]}
    if not error:
        fields.update(status=DeliveryStatus.SENT, sent_at=now, next_attempt_at=None)
    elif delivery.attempts >= MAX_ATTEMPTS:
        fields.update(status=DeliveryStatus.ABANDONED, next_attempt_at=None)
    else:
        wait = BACKOFF[delivery.attempts - 1]
        fields.update(status=DeliveryStatus.FAILED, next_attempt_at=now + wait)
    if error:
        logger.warning(
            "推送失败（第 %s 次）：delivery=%s %s", delivery.attempts, delivery.pk, error
        )
    WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(**fields)
    return str(fields.get("status"))
