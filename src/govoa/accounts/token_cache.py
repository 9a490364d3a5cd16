"""API token lookups kept in the cache for the token's lifetime (ADR 0011).

An entry holds what the lookup found — the token's dates and the person it belongs to, with
their agency, department and roles — and the stamps (``org/stamps.py``) current when it was
filled. It is believed only while both stamps are still current: a password change, a
deactivation, a role lost or changed, a token revoked — anything that ends or changes the
credential — changes a stamp, so the very next request goes to the database, whatever entries
remain in the cache. The stamps are read *before* the database, so an entry can never carry
newer stamps than its data.

Off (``GOVOA_CACHE_SHARED = False``) when the server processes do not share one cache: a
per-process cache would not see another process's revocation."""

import datetime
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache

from govoa.org.models import Person
from govoa.org.stamps import stamps_current


@dataclass(frozen=True)
class CachedToken:
    token_id: int
    person: Person
    created_at: datetime.datetime
    expires_at: datetime.datetime
    last_used_at: datetime.datetime | None
    stamps: tuple[str, str]

    def idle_since(self) -> datetime.datetime:
        return self.last_used_at or self.created_at


def enabled() -> bool:
    return bool(getattr(settings, "GOVOA_CACHE_SHARED", False))


def _key(digest: str) -> str:
    return f"govoa:token:{digest}"


@dataclass(frozen=True)
class Probe:
    """What the cache knows of a token: a current entry, or (for a stale one) the person it
    belongs to and the stamps to fill a new entry under."""

    entry: CachedToken | None
    person_id: int | None = None
    stamps: tuple[str, str] | None = None


def probe(digest: str) -> Probe:
    found: CachedToken | None = cache.get(_key(digest))
    if found is None:
        return Probe(None)
    stamps = stamps_current(found.person.pk)
    if found.stamps == stamps:
        return Probe(found)
    return Probe(None, found.person.pk, stamps)


def store(digest: str, entry: CachedToken, now: datetime.datetime) -> None:
    seconds = int((entry.expires_at - now).total_seconds())
    if seconds > 0:
        cache.set(_key(digest), entry, timeout=seconds)


def note_use(digest: str, entry: CachedToken, now: datetime.datetime) -> None:
    """The token's use was just noted in the database: the entry says so too."""
    store(digest, replace(entry, last_used_at=now), now)


def forget(digest: str) -> None:
    cache.delete(_key(digest))
