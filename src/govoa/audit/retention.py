"""Audit retention (网络安全法 §21: network logs kept at least six months). Events older than
GOVOA_AUDIT_RETENTION_DAYS (never less than 180) may be purged, only as a prefix of the chain:
the links up to the last old event and their events are deleted under the chain lock, and a
signed ``AuditPurge`` anchor records where the chain now starts, so that ``verify_chain``
still checks everything that is kept. Younger events are refused. On PostgreSQL the
append-only trigger lets a DELETE through only inside this transaction
(``govoa.audit_purge``, migration 0005)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from govoa.audit.chain import GENESIS, lock_chain
from govoa.audit.checkpoints import sign, utc_text
from govoa.audit.models import AuditChainLink, AuditEvent, AuditPurge
from govoa.audit.services import audit_record
from govoa.core.errors import ValidationFailed

MINIMUM_DAYS = 180


def retention_days() -> int:
    return max(MINIMUM_DAYS, int(settings.GOVOA_AUDIT_RETENTION_DAYS))


def anchor_sign(seq: int, hash_: str, at: str) -> str:
    return sign(seq, hash_, f"purge:{at}")


def chain_start() -> tuple[int, str, AuditPurge | None]:
    """(seq, hash) the chain now starts after, and the anchor saying so."""
    anchor = AuditPurge.objects.order_by("-seq").first()
    if anchor is None:
        return 0, GENESIS, None
    return anchor.seq, anchor.hash, anchor


def anchor_genuine(anchor: AuditPurge) -> bool:
    import hmac

    return hmac.compare_digest(
        anchor.mac, anchor_sign(anchor.seq, anchor.hash, utc_text(anchor.created_at))
    )


@dataclass(frozen=True)
class PurgeResult:
    events: int
    up_to_seq: int


def audit_purge(*, before: datetime.datetime, actor_name: str = "命令行") -> PurgeResult:
    """Delete the chain's prefix of events that occurred before ``before``."""
    limit = timezone.now() - datetime.timedelta(days=retention_days())
    if before > limit:
        raise ValidationFailed(
            f"审计记录至少保存 {retention_days()} 天：只能清理 "
            f"{timezone.localtime(limit):%Y-%m-%d %H:%M} 以前的事件。"
        )
    with transaction.atomic():
        lock_chain(wait=True)
        start, _hash, _anchor = chain_start()
        first_kept = (
            AuditChainLink.objects.filter(seq__gt=start, event__occurred_at__gte=before)
            .order_by("seq")
            .values_list("seq", flat=True)
            .first()
        )
        if first_kept is None:
            last = AuditChainLink.objects.order_by("-seq").values_list("seq", flat=True).first()
            first_kept = (last or start) + 1
        up_to = first_kept - 1
        if up_to <= start:
            return PurgeResult(0, start)
        hash_at = AuditChainLink.objects.values_list("hash", flat=True).get(seq=up_to)
        links = AuditChainLink.objects.filter(seq__gt=start, seq__lte=up_to)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('govoa.audit_purge', 'on', true)")
        # Events first, then their links (the foreign keys are checked at commit); raw
        # deletes: no cascade collection in memory, whatever the number of rows.
        events = AuditEvent.objects.filter(pk__in=links.values("event_id"))
        count = events._raw_delete(events.db)
        links._raw_delete(links.db)
        now = timezone.now()
        AuditPurge.objects.create(
            seq=up_to,
            hash=hash_at,
            purged_before=before,
            created_at=now,
            events=count,
            mac=anchor_sign(up_to, hash_at, utc_text(now)),
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('govoa.audit_purge', 'off', true)")
        audit_record(
            action="audit.purge",
            details={
                "before": before.isoformat(),
                "events": count,
                "up_to_seq": up_to,
                "by": actor_name,
            },
        )
    return PurgeResult(count, up_to)
