"""Files written by a transaction that never commits are removed.

An upload's bytes are written to storage inside the transaction that records them
(``store_upload``), before the ``StoredFile`` row. If the transaction rolls back, or the
process dies before it commits, the bytes stay behind with nothing pointing at them. So each
write is journalled: a small marker (``pending/<epoch>-<token>``, holding the storage key) is
saved in the same storage *before* the file, and deleted once the transaction commits. The
periodic job ``sweep_orphans`` looks only at markers older than a grace period: a file whose
key has a ``StoredFile`` row committed is kept (the process died between commit and the marker's
removal), any other is deleted; then the marker goes. The cost is constant per written file:
one marker written and deleted, and a sweep that lists the markers left (only those), never
the whole storage. Markers live in the storage itself, so they work with several app servers
and with object storage alike.
"""

import datetime
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from govoa.documents.models import StoredFile

PENDING = "pending"
SWEEP_BATCH = 1000


def mark_pending(key: str) -> str:
    """Journal ``key`` as written but not yet committed; returns the marker's name."""
    name = f"{PENDING}/{int(timezone.now().timestamp())}-{secrets.token_hex(8)}"
    return default_storage.save(name, ContentFile(key.encode()))


def clear_on_commit(*markers: str) -> None:
    """Drop the markers once the current transaction commits (at once outside one)."""

    def clear() -> None:
        for marker in markers:
            default_storage.delete(marker)

    transaction.on_commit(clear)


def _written_at(marker: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromtimestamp(int(marker.split("-", 1)[0]), tz=datetime.UTC)
    except ValueError:
        return None


def sweep_orphans(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of markers older than ``GOVOA_ORPHAN_GRACE_SECONDS`` whose key no
    committed ``StoredFile`` has; at most ``SWEEP_BATCH`` markers a run. Returns how many
    files were deleted."""
    grace = datetime.timedelta(seconds=settings.GOVOA_ORPHAN_GRACE_SECONDS)
    cutoff = (now or timezone.now()) - grace
    try:
        _dirs, names = default_storage.listdir(PENDING)
    except FileNotFoundError:  # no upload yet
        return 0
    old = []
    for name in names:
        written = _written_at(name)
        if written is None or written <= cutoff:
            old.append(f"{PENDING}/{name}")
        if len(old) >= SWEEP_BATCH:
            break
    keys = {}
    for marker in old:
        with default_storage.open(marker, "rb") as handle:
            keys[marker] = handle.read(1000).decode(errors="replace")
    committed = set(
        StoredFile.objects.filter(storage_key__in=set(keys.values())).values_list(
            "storage_key", flat=True
        )
    )
    deleted = 0
    for marker, key in keys.items():
        if key not in committed and key and not key.startswith(f"{PENDING}/"):
            default_storage.delete(key)
            deleted += 1
        default_storage.delete(marker)
    return deleted
