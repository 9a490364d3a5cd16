"""Sending webhooks in the background, and the periodic retry with back-off."""

from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from govoa.integration.directory import configured
from govoa.integration.directory_sync import directory_plan
from govoa.integration.models import DeliveryStatus, WebhookDelivery
from govoa.integration.webhooks import STALE_AFTER, send
from govoa.org.models import Agency

RETRY_BATCH = 100


@task()
def deliver_webhook(delivery_id: int) -> str | None:
    """Enqueued when the act that produced the event commits."""
    return send(delivery_id)


@task()
def retry_webhooks() -> dict[str, int]:
    """Periodic (every 60 s): deliveries whose back-off has run out, and those left pending or
    sending too long (their task was lost)."""
    now = timezone.now()
    stale = now - STALE_AFTER
    due = WebhookDelivery.objects.filter(
        Q(status=DeliveryStatus.FAILED, next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.PENDING, created_at__lt=stale)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=stale)
    ).order_by("pk")
    counts = {"sent": 0, "failed": 0}
    for delivery_id in list(due.values_list("pk", flat=True)[:RETRY_BATCH]):
        status = send(delivery_id)
        if status == DeliveryStatus.SENT:
            counts["sent"] += 1
        elif status in (DeliveryStatus.FAILED, DeliveryStatus.ABANDONED):
            counts["failed"] += 1
    return counts


@task()
def plan_directory_sync() -> dict[str, int]:
    """Periodic (``GOVOA_LDAP_SYNC_INTERVAL_SECONDS``, when LDAP and
    ``GOVOA_LDAP_SYNC_AGENCY`` are configured): compare the directory with the agency and keep
    the diff for the system administrator to confirm. Applies nothing."""
    agency = Agency.objects.filter(pk=settings.GOVOA_LDAP_SYNC_AGENCY).first()
    if not configured() or agency is None:
        return {}
    return directory_plan(actor=None, agency=agency).counts()
