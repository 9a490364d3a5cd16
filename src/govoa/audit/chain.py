"""The SM3 hash chain over audit events: what is hashed, and the chainer that appends links.

``digest = SM3(canonical(event))`` is taken when the event is written and queued with it in
``AuditPending``; the chainer appends ``hash = SM3(prev_hash ‖ digest)`` for the queued events
in batches, one chainer at a time. Every statement it runs is a primary-key lookup, so a batch
costs the same whatever the size of the log (ADR 0009)."""

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from govoa.audit.models import AuditChainLink, AuditEvent, AuditPending

GENESIS = "0" * 64
# Any constant distinct from other advisory-lock users; "GOVA" in ASCII.
_CHAIN_LOCK_KEY = 0x474F5641
BATCH_SIZE = 500
# A run of the chainer stops after this many batches so that a task never runs for long;
# the next run continues.
MAX_BATCHES_PER_RUN = 100


def sm3_hex(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def json_normalised(value: Any) -> Any:
    """``value`` as it reads back from the JSON column: dates, decimals and lazy strings as
    the field's encoder writes them, keys as strings."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _numbers_alike(value: Any) -> Any:
    """PostgreSQL's jsonb prints a whole float such as 1e20 as an integer; hash both alike."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _numbers_alike(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers_alike(item) for item in value]
    return value


# Every field of an event, in the order they are hashed (``values_list(*HASHED_FIELDS)``
# gives them in this order without building model instances).
HASHED_FIELDS = (
    "id",
    "occurred_at",
    "agency_id",
    "actor_id",
    "actor_name",
    "ip",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "outcome",
    "details",
)


def canonical_values(values: Sequence[Any]) -> bytes:
    """The content as it is hashed, from the values of ``HASHED_FIELDS``: a JSON array in a
    fixed form."""
    fields = list(values)
    fields[1] = fields[1].isoformat(timespec="microseconds")
    fields[-1] = _numbers_alike(fields[-1])
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def canonical(event: AuditEvent) -> bytes:
    return canonical_values([event.pk, *(getattr(event, f) for f in HASHED_FIELDS[1:])])


def event_digest(event: AuditEvent) -> str:
    return sm3_hex(canonical(event))


def values_digest(values: Sequence[Any]) -> str:
    return sm3_hex(canonical_values(values))


def link_hash(prev_hash: str, digest: str) -> str:
    return sm3_hex((prev_hash + digest).encode())


def lock_chain(*, wait: bool) -> bool:
    """Serialise chainers (and checkpoint writers) for the current transaction. On SQLite the
    IMMEDIATE write transaction already does. Without ``wait``, answer False at once if
    another one holds the lock."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        row = cursor.fetchone()
        return bool(row and row[0])


def chain_head() -> tuple[int, str]:
    """(seq, hash) of the last link, or (0, GENESIS): a backward scan of the primary key."""
    last = AuditChainLink.objects.order_by("-seq").values_list("seq", "hash").first()
    return last if last is not None else (0, GENESIS)


def chain_batch(batch_size: int = BATCH_SIZE, *, wait: bool = True) -> int:
    """Chain the oldest queued events (at most ``batch_size``) in one transaction and return
    how many. Only committed events are queued, so the chain follows commit order as the
    chainer sees it, and an event that commits late is chained late, never skipped."""
    with transaction.atomic():
        if not lock_chain(wait=wait):
            return 0
        queued = list(
            AuditPending.objects.order_by("event_id").values_list("event_id", "digest")[:batch_size]
        )
        if not queued:
            return 0
        seq, prev = chain_head()
        links = []
        for event_id, digest in queued:
            seq += 1
            current = link_hash(prev, digest)
            links.append(AuditChainLink(seq=seq, event_id=event_id, prev_hash=prev, hash=current))
            prev = current
        AuditChainLink.objects.bulk_create(links)
        AuditPending.objects.filter(event_id__in=[event_id for event_id, _ in queued]).delete()
        return len(links)


def chain_pending(batch_size: int = BATCH_SIZE, *, wait: bool = True) -> int:
    """Drain the queue batch by batch (at most ``MAX_BATCHES_PER_RUN``) and return how many
    events were chained. Safe to run from several processes at once."""
    chained = 0
    for _ in range(MAX_BATCHES_PER_RUN):
        done = chain_batch(batch_size, wait=wait)
        chained += done
        if done < batch_size:
            break
    return chained
