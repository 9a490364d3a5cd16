from collections.abc import Iterable

from django import template

from govoa.flow.definition import AssignRule
from govoa.flow.workflow import Action, AssignKind, NodeKind

register = template.Library()


@register.filter
def node_kind_label(kind: str) -> str:
    return str(NodeKind(kind).label) if kind in NodeKind.values else kind


@register.filter
def action_labels(actions: Iterable[str]) -> str:
    return "、".join(str(Action(a).label) if a in Action.values else a for a in actions)


@register.filter
def assign_label(rule: AssignRule | None) -> str:
    if rule is None:
        return "—"
    return str(AssignKind(rule.kind).label) if rule.kind in AssignKind.values else rule.kind


@register.filter
def module_name(instance: object) -> str:
    """The module label of a flow instance (收文, 发文, …)."""
    from govoa.flow.presenters import module_label

    return module_label(getattr(instance, "module", ""), getattr(instance, "subject_type", ""))


@register.simple_tag
def step_clause(item: object) -> object:
    """The clause of the agency's rules the work item's step follows (``core.clauses``), or
    None: ``{% step_clause item as clause %}`` on a module's page with an act panel."""
    from govoa.flow.models import WorkItem
    from govoa.flow.presenters import step_clause as clause_of

    return clause_of(item) if isinstance(item, WorkItem) else None
