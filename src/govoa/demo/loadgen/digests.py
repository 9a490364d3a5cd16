"""The SM3 digests of generated audit events, the costliest part of a large build (10 M events:
canonical JSON and one SM3 each, then one SM3 per chain link).

A digest depends on its event alone, so a month's digests are taken by worker processes while
the main process writes that month's other rows; only the links, each hashed over the one
before, are taken in order. A sign-in's canonical form is put together from a per-person
part prepared once: it is byte for byte what ``audit.chain.canonical_values`` gives (asserted
in the tests, and ``govoa audit-verify`` recomputes every digest from the stored rows)."""

import hashlib
import json
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from govoa.audit.chain import canonical_values

LOGIN = "accounts.session.login"
# Below this many events a month is hashed in the main process (tests, small scales).
POOL_THRESHOLD = 20_000
CHUNK = 5_000
_SM3 = hashlib.new("sm3")
_login_tails: dict[tuple[Any, ...], bytes] = {}


def _sm3(data: bytes) -> str:
    h = _SM3.copy()
    h.update(data)
    return h.hexdigest()


def _login_canonical(row: Sequence[Any]) -> bytes:
    key = tuple(row[2:11])
    tail = _login_tails.get(key)
    if tail is None:
        fields = [*row[2:11], {}]
        text = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        tail = _login_tails[key] = text[1:].encode()  # without the opening bracket
    moment = row[1].isoformat(timespec="microseconds")
    return f'[{row[0]},"{moment}",'.encode() + tail


def canonical(row: Sequence[Any]) -> bytes:
    """``canonical_values`` of an event row whose ``details`` is JSON text or a value."""
    details = row[-1]
    if row[6] == LOGIN and details == "{}" and isinstance(row[0], int):
        return _login_canonical(row)
    values = list(row)
    values[-1] = json.loads(details) if isinstance(details, str) else details
    return canonical_values(values)


def digests(rows: Sequence[Sequence[Any]]) -> list[str]:
    return [_sm3(canonical(row)) for row in rows]


def link_hashes(prev: str, digests_: Sequence[str]) -> list[str]:
    """``SM3(prev_hash ‖ digest)`` along the chain (``audit.chain.link_hash``)."""
    hashes = []
    for digest in digests_:
        prev = _sm3((prev + digest).encode())
        hashes.append(prev)
    return hashes


class Hasher:
    """Digests of many rows, in worker processes when there are many."""

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, rows: list[list[Any]]) -> list[Future[list[str]]] | list[str]:
        if len(rows) < POOL_THRESHOLD or self.workers < 1:
            return digests(rows)
        if self._pool is None:
            # Forked before any chunk is sent: the workers hash and touch no connection.
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("fork")
            )
        return [self._pool.submit(digests, rows[i : i + CHUNK]) for i in range(0, len(rows), CHUNK)]

    @staticmethod
    def result(pending: list[Future[list[str]]] | list[str]) -> list[str]:
        if not pending or isinstance(pending[0], str):
            return pending  # type: ignore[return-value]
        return [d for future in pending for d in future.result()]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
