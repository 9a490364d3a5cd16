from django.db.models import QuerySet

from govoa.core.errors import NotFound
from govoa.integration.models import WebhookDelivery, WebhookEndpoint
from govoa.org.models import Person

RECENT_DELIVERIES = 50


def webhook_endpoint_list(*, person: Person) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(agency_id=person.agency_id).order_by("pk")


def webhook_endpoint_get(*, person: Person, pk: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(agency_id=person.agency_id, pk=pk).first()
    if endpoint is None:
        raise NotFound("推送地址不存在。")
    return endpoint


def recent_deliveries(*, endpoint: WebhookEndpoint) -> list[WebhookDelivery]:
    """The latest deliveries (capped: a busy endpoint has years of them)."""
    return list(endpoint.deliveries.order_by("-id")[:RECENT_DELIVERIES])
