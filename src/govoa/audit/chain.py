"""The SM3 hash chain over audit events: appending links and verifying them."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction

from govoa.audit.models import AuditChainLink, AuditEvent

GENESIS = "0" * 64
# Any constant distinct from other advisory-lock users; "GOVA" in ASCII.
_CHAIN_LOCK_KEY = 0x474F5641


def sm3_hex(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def canonical(event: AuditEvent) -> bytes:
    """The event's content as it is hashed: every field, in a fixed order and form."""
    fields = [
        event.pk,
        event.occurred_at.isoformat(timespec="microseconds"),
        event.agency_id,
        event.actor_id,
        event.actor_name,
        event.ip,
        event.action,
        event.object_type,
        event.object_id,
        event.object_repr,
        event.outcome,
        event.details,
    ]
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def link_hash(prev_hash: str, event: AuditEvent) -> str:
    return sm3_hex(prev_hash.encode() + canonical(event))


# Events are looked for among ids above (last chained id − this window): an event that took
# longer to commit than this many newer ones would be far beyond any real transaction. The
# periodic task and verify look at the whole table.
RECENT_WINDOW = 10_000


def _lock_chain(wait: bool) -> bool:
    """Serialise chainers. On SQLite the IMMEDIATE write transaction already does. Without
    ``wait``, give up at once if another chainer runs (it or the next one links our events)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        return bool(cursor.fetchone()[0])


def chain_recent() -> int:
    """What runs after each audited commit: link recent events, unless a chainer is busy."""
    return chain_pending(wait=False, whole_table=False)


def chain_pending(batch_size: int = 1000, *, wait: bool = True, whole_table: bool = True) -> int:
    """Append links for every committed event that has none, in the order they are seen
    committed. Returns how many were chained. Safe to run from several processes."""
    chained = 0
    while True:
        with transaction.atomic():
            if not _lock_chain(wait):
                return chained
            last = AuditChainLink.objects.order_by("-seq").only("seq", "hash", "event_id").first()
            candidates = AuditEvent.objects.filter(link__isnull=True)
            if last is not None and not whole_table:
                candidates = candidates.filter(pk__gt=last.event_id - RECENT_WINDOW)
            pending = list(candidates.order_by("pk")[:batch_size])
            if not pending:
                return chained
            seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
            links = []
            for event in pending:
                seq += 1
                current = link_hash(prev, event)
                links.append(AuditChainLink(seq=seq, event=event, prev_hash=prev, hash=current))
                prev = current
            AuditChainLink.objects.bulk_create(links)
            chained += len(links)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    broken_event_id: int | None = None
    reason: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"OK：审计链完整，共 {self.checked} 条，链头 #{self.head_seq} {self.head_hash}"
        event = f"（审计事件 #{self.broken_event_id}）" if self.broken_event_id else ""
        return f"BROKEN：审计链在第 {self.broken_seq} 条{event}处断开：{self.reason}"


def _links_in_order(chunk: int) -> Iterator[list[AuditChainLink]]:
    after = 0
    while True:
        rows = list(AuditChainLink.objects.filter(seq__gt=after).order_by("seq")[:chunk])
        if not rows:
            return
        yield rows
        after = rows[-1].seq


def verify_chain(chunk: int = 2000) -> VerifyResult:
    """Walk the chain from the start and recompute every hash. Events not yet chained are
    chained first, so the answer covers every committed event."""
    chain_pending()
    prev, expected_seq, checked = GENESIS, 1, 0
    for links in _links_in_order(chunk):
        events = AuditEvent.objects.in_bulk([link.event_id for link in links])
        for link in links:
            event = events.get(link.event_id)
            broken = None
            if link.seq != expected_seq:
                return VerifyResult(
                    False,
                    checked,
                    expected_seq - 1,
                    prev,
                    expected_seq,
                    None,
                    "缺少链节点（记录被删除）",
                )
            if event is None:
                broken = "对应的审计事件已被删除"
            elif link.prev_hash != prev:
                broken = "前一哈希不符（链节点被改动或插入）"
            elif link_hash(prev, event) != link.hash:
                broken = "内容哈希不符（事件内容被修改）"
            if broken:
                return VerifyResult(
                    False, checked, expected_seq - 1, prev, link.seq, link.event_id, broken
                )
            prev, expected_seq, checked = link.hash, expected_seq + 1, checked + 1
    orphans = AuditEvent.objects.filter(link__isnull=True).order_by("pk").first()
    if orphans is not None:  # pragma: no cover — chain_pending() just linked them all
        return VerifyResult(
            False, checked, expected_seq - 1, prev, expected_seq, orphans.pk, "存在未入链的事件"
        )
    return VerifyResult(True, checked, expected_seq - 1, prev)
