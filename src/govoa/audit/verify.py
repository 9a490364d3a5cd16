"""Read-only verification of the audit chain against its signed checkpoints.

It runs SELECTs only, in chunks by primary key, and stops at the first problem:
1. the links from seq 1: no gap, each event present, each ``prev_hash`` the previous hash,
   each ``hash = SM3(prev_hash ‖ SM3(canonical(event)))`` (change, deletion, insertion);
2. every checkpoint of the table and of the file: a genuine HMAC (forgery), the chain at
   least as long as its seq (truncation) and with its hash there (rewriting);
3. every event chained or still queued (a link deleted, or an event inserted);
4. every queued event still matching the digest taken when it was written.
Events still queued are counted, not failed: the chainer links them within seconds."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from govoa.audit.chain import GENESIS, HASHED_FIELDS, link_hash, values_digest
from govoa.audit.checkpoints import (
    CheckpointFileError,
    SignedHead,
    file_checkpoints,
    file_size,
    table_checkpoints,
)
from govoa.audit.models import AuditChainLink, AuditCheckpoint, AuditEvent, AuditPending
from govoa.audit.retention import anchor_genuine, chain_start

CHUNK = 2000


@dataclass(frozen=True)
class Problem:
    reason: str
    seq: int | None = None
    event_id: int | None = None


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    pending: int = 0
    table_count: int = 0
    file_count: int = 0
    latest_checkpoint: SignedHead | None = None
    problem: Problem | None = None

    @property
    def broken_seq(self) -> int | None:
        return self.problem.seq if self.problem else None

    @property
    def broken_event_id(self) -> int | None:
        return self.problem.event_id if self.problem else None

    @property
    def reason(self) -> str:
        return self.problem.reason if self.problem else ""

    def describe(self) -> str:
        if self.problem is None:
            latest = self.latest_checkpoint
            anchor = f"最新为第 {latest.seq} 条，{latest.at}" if latest else "尚无检查点"
            return (
                f"OK：审计链完整，共 {self.checked} 条，链头 #{self.head_seq} {self.head_hash}；"
                f"待入链 {self.pending} 条；核对检查点：数据库 {self.table_count} 个、"
                f"文件 {self.file_count} 个（{anchor}）"
            )
        where = f"在第 {self.problem.seq} 条" if self.problem.seq else ""
        event = f"（审计事件 #{self.problem.event_id}）" if self.problem.event_id else ""
        return f"BROKEN：审计链{where}{event}处断开：{self.problem.reason}"


def _links_in_order(chunk: int, after: int = 0) -> Iterator[list[tuple[int, int, str, str]]]:
    """(seq, event_id, prev_hash, hash) of every link after ``after``, in chunks by key."""
    while True:
        rows = list(
            AuditChainLink.objects.filter(seq__gt=after)
            .order_by("seq")
            .values_list("seq", "event_id", "prev_hash", "hash")[:chunk]
        )
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _events_by_id(ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """The hashed fields of these events, as tuples (no model instances: verify reads them
    all)."""
    rows = AuditEvent.objects.filter(pk__in=ids).values_list(*HASHED_FIELDS)
    return {row[0]: row for row in rows}


def _walk_links(chunk: int) -> tuple[Problem | None, int, str]:
    """Check every link from seq 1, or from the signed anchor of the last retention purge;
    answer the first problem, or the head (seq, hash)."""
    seq, prev, anchor = chain_start()
    if anchor is not None and not anchor_genuine(anchor):
        return (
            Problem("审计清理记录的签名无效（链首被截断或清理记录被伪造）", anchor.seq),
            0,
            GENESIS,
        )
    for links in _links_in_order(chunk, seq):
        events = _events_by_id([event_id for _, event_id, _, _ in links])
        for link_seq, event_id, prev_hash, hash_ in links:
            if link_seq != seq + 1:
                return Problem("缺少链节点（链节点被删除）", seq + 1), seq, prev
            event = events.get(event_id)
            reason = ""
            if event is None:
                reason = "对应的审计事件已被删除"
            elif prev_hash != prev:
                reason = "前一哈希不符（链节点被改动或插入）"
            elif link_hash(prev, values_digest(event)) != hash_:
                reason = "内容哈希不符（事件内容被修改）"
            if reason:
                return Problem(reason, link_seq, event_id), seq, prev
            prev, seq = hash_, link_seq
    return None, seq, prev


def _check_checkpoint(
    head: SignedHead, head_seq: int, hashes: dict[int, str], start: int = 0
) -> str:
    if not head.genuine:
        return f"{head.source}的检查点签名无效（检查点被伪造或篡改）"
    if head.seq <= start:
        return ""  # a checkpoint inside the purged prefix: its links are gone by design
    if head.seq > head_seq:
        return f"审计链只有 {head_seq} 条，短于 {head.at} 签署的检查点（{head.source}）：链尾被截断"
    if hashes.get(head.seq) != head.head_hash:
        return f"链在此处的哈希与{head.source}的检查点不符（审计链被改写）"
    return ""


def _check_source(
    batches: Iterator[list[SignedHead]], head_seq: int, start: int = 0
) -> tuple[Problem | None, int, SignedHead | None]:
    """Check one source's checkpoints; answer the first problem, how many were checked and
    the latest."""
    checked, latest = 0, None
    try:
        for batch in batches:
            seqs = [head.seq for head in batch if head.seq <= head_seq]
            hashes = dict(AuditChainLink.objects.filter(seq__in=seqs).values_list("seq", "hash"))
            for head in batch:
                if reason := _check_checkpoint(head, head_seq, hashes, start):
                    return Problem(reason, head.seq), checked, latest
                checked += 1
                if latest is None or head.seq > latest.seq:
                    latest = head
    except CheckpointFileError as exc:
        return Problem(str(exc)), checked, latest
    return None, checked, latest


def _unchained_event(chunk: int) -> Problem | None:
    """An event with neither a link nor a place in the queue. The queue is read before the
    links: an event the chainer moves meanwhile is then found in one or the other."""
    after = 0
    while True:
        ids = list(
            AuditEvent.objects.filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:chunk]
        )
        if not ids:
            return None
        low, high = ids[0], ids[-1]
        queued = set(
            AuditPending.objects.filter(event_id__gte=low, event_id__lte=high).values_list(
                "event_id", flat=True
            )
        )
        linked = set(
            AuditChainLink.objects.filter(event_id__gte=low, event_id__lte=high).values_list(
                "event_id", flat=True
            )
        )
        for event_id in ids:
            if event_id not in queued and event_id not in linked:
                reason = "审计事件既未入链也不在待入链队列中（链节点被删除或事件被插入）"
                return Problem(reason, None, event_id)
        after = high


def _queued_events(chunk: int) -> tuple[Problem | None, int]:
    """Check each queued event against the digest taken when it was written; count them."""
    after, count = 0, 0
    while True:
        queued = list(
            AuditPending.objects.filter(event_id__gt=after)
            .order_by("event_id")
            .values_list("event_id", "digest")[:chunk]
        )
        if not queued:
            return None, count
        events = _events_by_id([event_id for event_id, _ in queued])
        for event_id, digest in queued:
            event = events.get(event_id)
            if event is None:
                return Problem("待入链的审计事件已被删除", None, event_id), count
            if values_digest(event) != digest:
                reason = "待入链事件的内容与写入时不符（事件内容被修改）"
                return Problem(reason, None, event_id), count
        count += len(queued)
        after = queued[-1][0]


def verify_chain(chunk: int = CHUNK) -> VerifyResult:
    """Verify everything, writing nothing. Checkpoints are taken as they were when it began
    (table up to its last seq, file up to its size then): one signed later, after the links
    were read, must not look like a cut chain."""
    table_up_to = (
        AuditCheckpoint.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    )
    file_up_to = file_size()
    problem, head_seq, head_hash = _walk_links(chunk)
    checked = head_seq
    if problem:
        return VerifyResult(False, checked, head_seq, head_hash, problem=problem)
    start = chain_start()[0]
    problem, in_table, latest = _check_source(
        table_checkpoints(table_up_to, chunk), head_seq, start
    )
    in_file, latest_in_file = 0, None
    if problem is None:
        problem, in_file, latest_in_file = _check_source(
            file_checkpoints(file_up_to, chunk), head_seq, start
        )
    if latest is None or (latest_in_file is not None and latest_in_file.seq > latest.seq):
        latest = latest_in_file
    problem = problem or _unchained_event(chunk)
    pending = 0
    if problem is None:
        problem, pending = _queued_events(chunk)
    return VerifyResult(
        problem is None,
        checked,
        head_seq,
        head_hash,
        pending,
        in_table,
        in_file,
        latest,
        problem,
    )
