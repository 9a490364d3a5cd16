"""The rule registry. A rule is a small function that yields ``Hit(place, message)`` for
each problem it sees. A module of rules makes ``register = Registrar("标题", order=3)`` and
decorates each function with ``@register(id, title=..., clause=..., severity=..., note=...)``.
``run`` turns the hits into findings."""

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from govoa.documents.checker.types import CheckInput, Finding, Rule, Severity


class Hit(NamedTuple):
    place: str
    message: str


RuleFunction = Callable[[CheckInput], Iterable[Hit]]

_RULES: dict[str, tuple[int, Rule, RuleFunction]] = {}


class Registrar:
    """The ``@register(...)`` decorator of one area (one module of rules)."""

    def __init__(self, area: str, *, order: int) -> None:
        self.area = area
        self.order = order  # where the area is on the page: findings are listed in this order

    def __call__(
        self,
        rule_id: str,
        *,
        title: str,
        clause: str,
        severity: Severity = Severity.ERROR,
        note: str = "",
    ) -> Callable[[RuleFunction], RuleFunction]:
        rule = Rule(
            id=rule_id, title=title, clause=clause, severity=severity, area=self.area, note=note
        )

        def decorate(function: RuleFunction) -> RuleFunction:
            if rule_id in _RULES:
                raise ValueError(f"rule {rule_id} is registered twice")
            _RULES[rule_id] = (self.order, rule, function)
            return function

        return decorate


def _in_order() -> list[tuple[Rule, RuleFunction]]:
    """By area as on the page, then in the order the rules are written (``sorted`` is
    stable, and dicts keep insertion order)."""
    entries = sorted(_RULES.values(), key=lambda entry: entry[0])
    return [(rule, function) for _, rule, function in entries]


def registered_rules() -> tuple[Rule, ...]:
    return tuple(rule for rule, _ in _in_order())


def run(subject: CheckInput) -> Iterator[Finding]:
    """Every rule, area by area in the order of the page."""
    for rule, function in _in_order():
        for hit in function(subject):
            yield Finding(
                rule=rule.id,
                severity=rule.severity,
                place=hit.place,
                message=hit.message,
                clause=rule.clause,
                note=rule.note,
            )
