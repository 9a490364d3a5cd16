"""Configuring webhook endpoints: every write here, audited, by the system administrator."""

import secrets
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.cached import stamp_bump
from govoa.core.errors import NotFound, ValidationFailed
from govoa.core.events import BusinessEvent
from govoa.integration.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from govoa.integration.policies import can_manage_integration
from govoa.integration.webhooks import SUBSCRIPTIONS_CACHE, payload_for, schedule
from govoa.org.models import Person

SUBSCRIBABLE = [e for e in WebhookEvent if e != WebhookEvent.PING]


def _checked(name: str, url: str, events: Sequence[str]) -> tuple[str, str, list[str]]:
    errors: dict[str, list[str]] = {}
    name = " ".join(name.split())
    if not name or len(name) > 100:
        errors["name"] = ["请填写名称（不超过 100 字）。"]
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or len(url) > 500:
        errors["url"] = ["推送地址应为 http:// 或 https:// 开头的完整地址。"]
    chosen = [e for e in SUBSCRIBABLE if e.value in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        errors["events"] = ["请选择至少一个推送事件。"]
    if errors:
        raise ValidationFailed(fields=errors)
    return name, url, [e.value for e in chosen]


def _require(actor: Person, action: str) -> None:
    if not can_manage_integration(actor):
        raise audit_denied(action=action, actor=actor, reason="只有系统管理员可以配置对外推送。")


def webhook_endpoint_create(
    *, actor: Person, name: str, url: str, events: Sequence[str]
) -> WebhookEndpoint:
    _require(actor, "integration.webhook.create")
    name, url, chosen = _checked(name, url, events)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            agency_id=actor.agency_id,
            name=name,
            url=url,
            events=chosen,
            secret=secrets.token_hex(32),
            created_by=actor,
        )
        stamp_bump(SUBSCRIPTIONS_CACHE)
        audit_record(
            action="integration.webhook.create",
            actor=actor,
            obj=endpoint,
            details={"url": url, "events": chosen},
        )
    return endpoint


def _locked(actor: Person, pk: int) -> WebhookEndpoint:
    endpoint = (
        WebhookEndpoint.objects.select_for_update().filter(pk=pk, agency_id=actor.agency_id).first()
    )
    if endpoint is None:
        raise NotFound("推送地址不存在。")
    return endpoint


def webhook_endpoint_update(
    *, actor: Person, pk: int, name: str, url: str, events: Sequence[str], is_active: bool
) -> WebhookEndpoint:
    _require(actor, "integration.webhook.update")
    name, url, chosen = _checked(name, url, events)
    with transaction.atomic():
        endpoint = _locked(actor, pk)
        before = {"url": endpoint.url, "events": endpoint.events, "active": endpoint.is_active}
        endpoint.name, endpoint.url, endpoint.events = name, url, chosen
        endpoint.is_active = is_active
        endpoint.save(update_fields=["name", "url", "events", "is_active", "updated_at"])
        stamp_bump(SUBSCRIPTIONS_CACHE)
        audit_record(
            action="integration.webhook.update",
            actor=actor,
            obj=endpoint,
            details={"before": before, "url": url, "events": chosen, "active": is_active},
        )
    return endpoint


def webhook_secret_rotate(*, actor: Person, pk: int) -> WebhookEndpoint:
    """A new signing key (the old one stops working at once); shown once to the administrator."""
    _require(actor, "integration.webhook.rotate")
    with transaction.atomic():
        endpoint = _locked(actor, pk)
        endpoint.secret = secrets.token_hex(32)
        endpoint.save(update_fields=["secret", "updated_at"])
        audit_record(action="integration.webhook.rotate", actor=actor, obj=endpoint)
    return endpoint


def webhook_ping(*, actor: Person, pk: int) -> WebhookDelivery:
    """A test delivery (event ``ping``), sent like any other once this transaction commits."""
    _require(actor, "integration.webhook.ping")
    with transaction.atomic():
        endpoint = _locked(actor, pk)
        delivery = WebhookDelivery(endpoint=endpoint, event=WebhookEvent.PING)
        delivery.payload = payload_for(
            BusinessEvent(
                name=WebhookEvent.PING,
                agency_id=endpoint.agency_id,
                object_type="webhook",
                object_id=endpoint.pk,
                url="/",
                classification=0,
            ),
            event_id=str(delivery.event_id),
        )
        delivery.save()
        audit_record(action="integration.webhook.ping", actor=actor, obj=endpoint)
        schedule(delivery.pk)
    return delivery
