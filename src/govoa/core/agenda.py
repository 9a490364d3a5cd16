"""日程: what a person has on which day, gathered from every module that registers a source
(督办 deadlines and milestones, 待办 due dates; 会议 registers its meetings in its
``AppConfig.ready()``). A lower layer than the modules, so none imports another."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AgendaEntry:
    """One entry: all-day (a deadline) when ``starts``/``ends`` are None, else a time slot
    (a meeting). ``uid`` is stable, so desktop calendars update rather than duplicate it."""

    uid: str
    day: datetime.date
    title: str
    kind: str  # "会议", "督办时限", "步骤节点", "待办期限" …
    url: str = ""
    starts: datetime.datetime | None = None
    ends: datetime.datetime | None = None
    classification: int = 0


AgendaSource = Callable[[Any, datetime.date, datetime.date], list[AgendaEntry]]
_sources: dict[str, AgendaSource] = {}


def register_agenda_source(name: str, source: AgendaSource) -> None:
    """``source(person, first, last)`` returns the person's entries from ``first`` to
    ``last`` (inclusive), within their clearance."""
    _sources[name] = source


def agenda_for(person: Any, first: datetime.date, last: datetime.date) -> list[AgendaEntry]:
    entries = [e for source in _sources.values() for e in source(person, first, last)]
    return sorted(
        entries,
        key=lambda e: (
            e.day,
            e.starts or datetime.datetime.min.replace(tzinfo=datetime.UTC),
            e.title,
        ),
    )
