"""Rarely changed data kept in the cache, believed only while its stamp is current.

``cached(name, load)`` returns what ``load()`` returned, kept in the cache under a stamp read
*before* loading; ``stamp_bump(name)``, called by whoever changes the data, changes the stamp
at once and again when the changing transaction commits. A load that raced with the change
(and read the old rows) was stored under a stamp that the commit makes stale, so it is never
believed afterwards; a stamp lost from the cache is made afresh, which only costs a load.

Used only when every server process shares the cache (``GOVOA_CACHE_SHARED``); otherwise
``cached`` simply loads (ADR 0011)."""

import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction


def shared_cache() -> bool:
    return bool(getattr(settings, "GOVOA_CACHE_SHARED", False))


def _stamp_key(name: str) -> str:
    return f"govoa:stamp:{name}"


def stamp(name: str) -> str:
    key = _stamp_key(name)
    value = cache.get(key)
    if value is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        value = cache.get(key)
    return str(value)


def _bump(name: str) -> None:
    cache.set(_stamp_key(name), secrets.token_hex(8), timeout=None)


def stamp_bump(name: str) -> None:
    _bump(name)
    transaction.on_commit(lambda: _bump(name))


def cached[T](name: str, load: Callable[[], T]) -> T:
    if not shared_cache():
        return load()
    found = cache.get_many([_stamp_key(name), f"govoa:cached:{name}"])
    current = found.get(_stamp_key(name)) or stamp(name)
    entry: tuple[str, Any] | None = found.get(f"govoa:cached:{name}")
    if entry is not None and entry[0] == current:
        return entry[1]
    value = load()
    cache.set(f"govoa:cached:{name}", (current, value), timeout=None)
    return value
