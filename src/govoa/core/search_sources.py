"""What the global search (``govoa.search``) searches: every module that wants its records
found registers a ``SearchSource`` here — in core, so that a module at any layer (archives
sits beside search, not below it) can register itself from its own ``ready``.

A source says which model holds its records, how one record reads for the index
(``Indexed``), who may see which records (``visible_q``: the module's own policy, the one
rule the module's lists and details use), where a record opens, and which other models hold
text of a record (attachments), so that saving them re-indexes the record."""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q

from govoa.core.paging import Source


@dataclass(frozen=True)
class Indexed:
    """A record as the index holds it. ``files`` are ``StoredFile`` rows whose text is
    extracted in the background (PDF, DOCX, OFD)."""

    agency_id: int
    classification: int
    title: str
    number: str = ""
    text: str = ""
    date: datetime.datetime | None = None
    department_id: int | None = None
    files: Sequence[Any] = ()


@dataclass(frozen=True)
class Watched:
    """A model whose rows carry text of a source's record: ``record_id(row)`` names it."""

    model: type[Model]
    record_id: Callable[[Any], int | None]


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str
    model: type[Model]
    visible_q: Callable[[Any], Q]
    indexed: Callable[[Any], Indexed]
    url: Callable[[int], str]
    watched: tuple[Watched, ...] = field(default_factory=tuple)
    # The model fields ``indexed`` reads: a save with ``update_fields`` naming none of them
    # (a status change) leaves the entry as it is. Empty: every save refreshes it.
    fields: frozenset[str] = frozenset()
    # The same rule as ``visible_q``, as the module's registers read it (ADR 0018):
    # ``(base, sources)``, the sources ``None`` when ``base`` is the whole rule. Given it, the
    # search reads a department's source from the index's own department column, newest
    # first (ADR 0021), and the other sources as one semi-join.
    scopes: Callable[[Any], tuple[Q, list[Source] | None]] | None = None
    # The model's field ``Indexed.department_id`` is read from (e.g. ``lead_department_id``):
    # a source that is ``Q(<department_field>=<id>)`` is a department's.
    department_field: str = ""


_sources: dict[str, SearchSource] = {}
_listeners: list[Callable[[SearchSource], None]] = []


def register_search_source(source: SearchSource) -> None:
    """Idempotent: a second registration under the same key replaces the first."""
    _sources[source.key] = source
    for listener in _listeners:
        listener(source)


def on_search_source(listener: Callable[[SearchSource], None]) -> None:
    """Call ``listener`` with every source, those registered already and those to come: the
    search app keeps each source's index current so, whichever of the two apps is ready
    first (archives comes after search in ``INSTALLED_APPS``)."""
    _listeners.append(listener)
    for source in list(_sources.values()):
        listener(source)


def search_sources() -> Iterable[SearchSource]:
    return list(_sources.values())


def search_source(key: str) -> SearchSource | None:
    return _sources.get(key)


def source_for_model(model: type[Model]) -> SearchSource | None:
    return next((s for s in _sources.values() if s.model is model), None)
