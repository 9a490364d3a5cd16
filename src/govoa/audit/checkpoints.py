"""Signed checkpoints of the chain's head, kept in the database and in a file beside it.

A checkpoint says "the chain reached ``seq`` with ``head_hash`` at ``created_at``", signed
with HMAC-SM3 under ``GOVOA_AUDIT_KEY``. Someone who can write to the database but does not
hold the key can neither forge one nor, since each is also appended to
``GOVOA_AUDIT_CHECKPOINT_FILE``, silently remove the latest: cutting the chain's tail, or
rewriting it, then shows at verification (``verify.verify_chain``)."""

import datetime
import hmac
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from govoa.audit.chain import chain_head, lock_chain
from govoa.audit.models import AuditCheckpoint

MIN_KEY_LENGTH = 16


@dataclass(frozen=True)
class SignedHead:
    """One checkpoint as read from the table or from a line of the file."""

    seq: int
    head_hash: str
    at: str  # UTC, ISO 8601 with microseconds: exactly the text that was signed
    mac: str
    source: str  # "数据库" or "文件第 N 行"

    @property
    def genuine(self) -> bool:
        return hmac.compare_digest(self.mac, sign(self.seq, self.head_hash, self.at))


def _key() -> bytes:
    key = getattr(settings, "GOVOA_AUDIT_KEY", "") or ""
    if len(key) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"未配置审计检查点密钥 GOVOA_AUDIT_KEY（至少 {MIN_KEY_LENGTH} 个字符）"
        )
    return key.encode()


def sign(seq: int, head_hash: str, at: str) -> str:
    return hmac.new(_key(), f"{seq}\n{head_hash}\n{at}".encode(), "sm3").hexdigest()


def utc_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def checkpoint_file() -> Path:
    return Path(settings.GOVOA_AUDIT_CHECKPOINT_FILE)


def _append_to_file(head: SignedHead) -> None:
    """Append one JSON line and force it to disk before the database row is written."""
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {"seq": head.seq, "hash": head.head_hash, "at": head.at, "mac": head.mac},
        separators=(",", ":"),
    )
    with path.open("a", encoding="utf-8") as file:
        file.write(line + "\n")
        file.flush()
        os.fsync(file.fileno())


def checkpoint_create() -> AuditCheckpoint | None:
    """Sign the chain's current head, if it moved since the last checkpoint. Runs under the
    chain lock, so the head read is the last committed link and checkpoints grow in seq.

    The file is written first: if the database write then fails, the file holds a checkpoint
    of a head that was committed, which is still true."""
    with transaction.atomic():
        lock_chain(wait=True)
        seq, head_hash = chain_head()
        latest = AuditCheckpoint.objects.order_by("-seq").values_list("seq", flat=True).first()
        # A head at or below the last checkpoint: nothing new, or a cut chain that must not
        # be signed (verify reports it).
        if seq == 0 or (latest is not None and seq <= latest):
            return None
        now = timezone.now()
        at = utc_text(now)
        head = SignedHead(seq, head_hash, at, sign(seq, head_hash, at), "数据库")
        _append_to_file(head)
        return AuditCheckpoint.objects.create(
            seq=seq, head_hash=head_hash, created_at=now, mac=head.mac
        )


def from_row(row: AuditCheckpoint) -> SignedHead:
    return SignedHead(row.seq, row.head_hash, utc_text(row.created_at), row.mac, "数据库")


def table_checkpoints(up_to_seq: int, chunk: int) -> Iterator[list[SignedHead]]:
    """The table's checkpoints with seq ≤ ``up_to_seq``, oldest first, in chunks by key."""
    after = 0
    while True:
        rows = list(
            AuditCheckpoint.objects.filter(seq__gt=after, seq__lte=up_to_seq).order_by("seq")[
                :chunk
            ]
        )
        if not rows:
            return
        yield [from_row(row) for row in rows]
        after = rows[-1].seq


class CheckpointFileError(Exception):
    """The checkpoint file cannot be read, or a line of it is not a checkpoint."""


def _parse(raw: bytes, source: str) -> SignedHead:
    try:
        data = json.loads(raw)
        return SignedHead(
            int(data["seq"]), str(data["hash"]), str(data["at"]), str(data["mac"]), source
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise CheckpointFileError(f"检查点{source}格式错误（文件被改动）") from exc


def file_size() -> int:
    try:
        return checkpoint_file().stat().st_size
    except FileNotFoundError:
        return 0


def file_checkpoints(up_to_byte: int, chunk: int) -> Iterator[list[SignedHead]]:
    """The file's checkpoints in its first ``up_to_byte`` bytes (what was there when
    verification began), in chunks. Raises ``CheckpointFileError`` for a line that is not one
    or a file that cannot be read."""
    if up_to_byte == 0:
        return
    batch: list[SignedHead] = []
    read = 0
    try:
        file = checkpoint_file().open("rb")
    except OSError as exc:
        raise CheckpointFileError(f"检查点文件无法读取（{exc.strerror}）") from exc
    with file:
        for line_no, raw in enumerate(file, start=1):
            read += len(raw)
            if read > up_to_byte:  # appended after verification began
                break
            if raw.strip():
                batch.append(_parse(raw, f"文件第 {line_no} 行"))
            if len(batch) >= chunk:
                yield batch
                batch = []
    if batch:
        yield batch


def latest_in_file() -> SignedHead | None:
    """The file's last checkpoint, read from its end (for the auditor's screen); None when
    there is none, the last line is not one or the file cannot be read (verify says why)."""
    size = file_size()
    try:
        with checkpoint_file().open("rb") as file:
            file.seek(max(0, size - 4096))
            lines = [line for line in file.read().splitlines() if line.strip()]
        return _parse(lines[-1], "文件最后一行") if lines else None
    except (OSError, CheckpointFileError):
        return None
