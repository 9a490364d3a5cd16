"""Who may hold and act on a node (DESIGN §4, “who may act is data too”): 转办, 加签 and 代理
reach only the people the node's assignment rule could reach — its role within its scope —
unless the node names a wider ``reach``; and nobody may act against the node's separation of
duties (``flow/duties.py``). Checked on every act, 转办, 加签 and delegation, inside the act's
transaction. Cheap by design: one query for the instance's past actors per act (cached on the
context), one query to test a person (or a batch of delegates) against the reach."""

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from govoa.core.errors import ValidationFailed
from govoa.core.validation import ids_from
from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Role
from govoa.flow.definition import Node, Reach
from govoa.flow.duties import Actors, Labels, barred, party_rules
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.registry import SubjectAdapter
from govoa.flow.workflow import Action, AssignKind
from govoa.org.models import Person, PersonStatus, RoleScopeKind

if TYPE_CHECKING:
    from govoa.flow.services.routing import Context

# The acts that decide a node: those make their people its actors.
DECIDING = (Action.APPROVE, Action.DISAGREE, Action.REJECT, Action.RETURN)


def item_people(item: WorkItem) -> set[int]:
    """The people an act on ``item`` is by: whoever acted, the holder they acted for, and
    the principal of a delegated item."""
    return {p for p in (item.acted_by_id, item.assignee_id, item.delegated_from_id) if p}


def actors(ctx: "Context") -> Actors:
    """Who decided on which node of this instance so far (one query, once per act)."""
    if ctx.actors is None:
        found = Actors(initiator=ctx.instance.started_by_id)
        rows = WorkItem.objects.filter(
            instance=ctx.instance, acted_by__isnull=False, action__in=DECIDING
        ).values_list("node_key", "acted_by_id", "assignee_id", "delegated_from_id")
        for node_key, *people in rows:
            found.add(node_key, people)
        ctx.actors = found
    return ctx.actors


def actors_from(instance: FlowInstance, items: list[WorkItem]) -> Actors:
    """Who decided on which node, from items already loaded (they must include every item of
    the instance that was decided on)."""
    found = Actors(initiator=instance.started_by_id)
    for item in items:
        if item.acted_by_id is not None and item.action in DECIDING:
            found.add(item.node_key, [item.acted_by_id, item.assignee_id, item.delegated_from_id])
    return found


def note_decided(ctx: "Context", item: WorkItem) -> None:
    """The act just closed ``item`` with a deciding action: its people now count."""
    if item.action in DECIDING:
        actors(ctx).add(item.node_key, item_people(item))


def labels(ctx: "Context") -> Labels:
    return Labels(ctx.definition, ctx.adapter.initiator_label, dict(ctx.adapter.act_parties))


def barred_people(ctx: "Context", node: Node) -> dict[int, str]:
    """Who may not act on ``node`` now, each with the Chinese rule that bars them."""
    words = labels(ctx)
    return {
        person: f"按职责分离规则{words.rule(rule)}"
        for person, rule in barred(ctx.definition, node.key, actors(ctx)).items()
    }


def _refusal(rule: str, name: str, node: Node) -> str:
    return f"{rule}，{name}不能办理“{node.name}”。"


def without_barred(ctx: "Context", node: Node, people: list[Person], *, drop: bool) -> list[Person]:
    """``people`` less those the node's separation of duties bars. With ``drop`` (candidates
    of a role) the barred are left out; otherwise (someone chosen or named) they are refused.
    Either way, nobody left is refused with the rule named."""
    bars = barred_people(ctx, node)
    kept = [p for p in people if p.pk not in bars]
    refused = [p for p in people if p.pk in bars]
    if refused and (not drop or not kept):
        first = refused[0]
        why = _refusal(bars[first.pk], first.real_name, node)
        raise ValidationFailed(
            f"环节“{node.name}”找不到合适的办理人：{why}", fields={"next_assignees": [why]}
        )
    return kept


def _departments(ctx: "Context", node: Node, scope: str, item: WorkItem | None) -> list[int]:
    """The subject's departments of ``scope``; for an item opened for one department (会签,
    协办), only that one when the scope is the node's own."""
    if item is not None and item.department_id and node.assign and scope == node.assign.scope:
        return [item.department_id]
    return ctx.adapter.departments(ctx.subject, scope)


def _roles_q(roles: tuple[str, ...], department_ids: list[int] | None) -> Q:
    if Role.DRAFTER in roles:  # everyone but the 三员 drafts
        return ~Q(role_assignments__role__in=sorted(SECURITY_ADMIN_ROLES))
    held = Q(role_assignments__role__in=list(roles))
    if department_ids is not None:
        held &= Q(role_assignments__scope=RoleScopeKind.AGENCY) | Q(
            role_assignments__departments__id__in=department_ids
        )
    return held


def effective_reach(node: Node) -> Reach | None:
    """The node's ``reach``, or the set its ROLE or CHOSEN rule could reach (None: a FIELD or
    INITIATOR rule, whose people are the subject's own)."""
    if node.reach is not None:
        return node.reach
    rule = node.assign
    if rule is None:
        return Reach()
    if rule.kind == AssignKind.ROLE:
        return Reach(roles=(rule.role,), scope=rule.scope)
    if rule.kind == AssignKind.CHOSEN:
        return Reach(roles=(rule.role,)) if rule.role else Reach(anyone=True)
    return None


def reach_q(ctx: "Context", node: Node, item: WorkItem | None = None) -> Q:
    """A filter on Person: who the node's items may be handed to."""
    reach = effective_reach(node)
    rule = node.assign
    if reach is None and rule is not None:
        if rule.kind == AssignKind.FIELD:
            return Q(pk__in=ctx.adapter.people(ctx.subject, rule.field))
        return Q(pk=ctx.instance.started_by_id)
    if reach is None or reach.anyone:
        return Q()
    found = Q(pk__in=[])
    if reach.roles:
        scoped = _departments(ctx, node, reach.scope, item) if reach.scope else None
        found |= _roles_q(reach.roles, scoped)
    if reach.members:
        found |= Q(department_id__in=_departments(ctx, node, reach.members, item))
    return found


def reachable(ctx: "Context", node: Node, item: WorkItem | None = None) -> QuerySet[Person]:
    """Active people of the agency cleared for the flow whom the node's items may reach."""
    return (
        Person.objects.filter(
            reach_q(ctx, node, item),
            agency_id=ctx.instance.agency_id,
            status=PersonStatus.ACTIVE,
            clearance__gte=ctx.instance.classification,
        )
        .distinct()
        .order_by("rank_order", "pk")
    )


def reach_label(ctx: "Context", node: Node) -> str:
    return reach_text(ctx.adapter, node)


def reach_text(adapter: SubjectAdapter, node: Node) -> str:
    """How the node's reach reads (the template editor shows it; refusals name it)."""
    reach = effective_reach(node)
    rule = node.assign
    if reach is None:
        if rule is not None and rule.kind == AssignKind.FIELD:
            return adapter.people_fields.get(rule.field, rule.field)
        return adapter.initiator_label
    if reach.anyone:
        return "全机关"
    parts = []
    if reach.roles:
        roles = "、".join(str(Role(r).label) for r in reach.roles if r in Role.values)
        scope = adapter.scopes.get(reach.scope, "")
        parts.append(f"{scope}的{roles}" if scope else roles)
    if reach.members:
        parts.append(f"{adapter.scopes.get(reach.members, reach.members)}的人员")
    return "或".join(parts)


def check_target(ctx: "Context", node: Node, item: WorkItem, person: Person, verb: str) -> None:
    """转办 or 加签 to ``person``: within the node's reach, not barred, not already on it."""
    if not reachable(ctx, node, item).filter(pk=person.pk).exists():
        raise ValidationFailed(
            f"{person.real_name}不在“{node.name}”的办理范围（{reach_label(ctx, node)}）内，"
            f"不能{verb}。",
            fields={"to_person": [f"只能{verb}给{reach_label(ctx, node)}。"]},
        )
    bars = barred_people(ctx, node)
    if person.pk in bars:
        message = _refusal(bars[person.pk], person.real_name, node)
        raise ValidationFailed(message, fields={"to_person": [message]})
    if WorkItem.objects.filter(
        instance=ctx.instance, activation=item.activation, assignee=person, status="open"
    ).exists():
        message = f"{person.real_name}已在本环节办理中。"
        raise ValidationFailed(message, fields={"to_person": [message]})


def check_actor(ctx: "Context", node: Node, item: WorkItem, actor: Person, action: str) -> None:
    """The act's people may act on ``node``: a delegate acting on the principal's item must be
    within the node's reach, and nobody the separation of duties bars may decide it."""
    principal = item.delegated_from or item.assignee
    if actor.pk != item.assignee_id and not reachable(ctx, node, item).filter(pk=actor.pk).exists():
        raise ValidationFailed(
            f"{actor.real_name}代理{principal.real_name}，但不在“{node.name}”的办理范围"
            f"（{reach_label(ctx, node)}）内，不能代为办理。请由{principal.real_name}本人办理。"
        )
    if action not in DECIDING:
        return  # 转办 and 加签 hand the step on: their target is checked instead
    bars = barred_people(ctx, node)
    for pk, name in ((actor.pk, actor.real_name), (principal.pk, principal.real_name)):
        if pk in bars:
            raise ValidationFailed(_refusal(bars[pk], name, node))
    _check_parties(ctx, node, {actor.pk, principal.pk, item.assignee_id})


def _check_parties(ctx: "Context", node: Node, people: set[int]) -> None:
    """The people this act names (e.g. 印制's second checker) may not be its own actors."""
    words = labels(ctx)
    for rule in party_rules(ctx.definition, node.key):
        named = set(ids_from(ctx.payload.get(rule.party), rule.party))
        if named & people:
            message = (
                f"按职责分离规则{words.rule(rule)}，{words.ref(rule.ref)}须由“{node.name}”"
                "办理人以外的人担任。"
            )
            raise ValidationFailed(message, fields={rule.party: [message]})


def eligible_delegates(
    ctx: "Context", node: Node, delegates: dict[int, Person]
) -> dict[int, Person]:
    """Of the principals' delegates, those who may hold the node's items in their place:
    within its reach and not barred (others leave the item with the principal)."""
    if not delegates:
        return {}
    bars = barred_people(ctx, node)
    candidates = {pk: d for pk, d in delegates.items() if d.pk not in bars}
    allowed = set(
        reachable(ctx, node)
        .filter(pk__in=[d.pk for d in candidates.values()])
        .values_list("pk", flat=True)
    )
    return {pk: d for pk, d in candidates.items() if d.pk in allowed}
