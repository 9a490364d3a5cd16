"""Clauses of the agency's regulations a flow step follows: a node of a template may name one
(``"clause": "<rule code>#<number>"``); the module that keeps the rules (``handbook``)
registers the resolver, so that the engine, below it, shows the clause on the step's page."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ClauseLink:
    title: str  # 《公文处理办法》第十二条
    text: str
    url: str


ClauseResolver = Callable[[int, str], ClauseLink | None]
_resolvers: list[ClauseResolver] = []


def register_clause_resolver(resolver: ClauseResolver) -> None:
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def clause_link(agency_id: int, ref: str) -> ClauseLink | None:
    """The clause ``ref`` names in the agency's current rules, or None (unknown, repealed)."""
    if not ref:
        return None
    for resolver in _resolvers:
        found = resolver(agency_id, ref)
        if found is not None:
            return found
    return None
