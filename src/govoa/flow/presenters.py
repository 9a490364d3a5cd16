"""Plain-data views of items and trail entries, shared by the pages and the API."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from govoa.core.clauses import ClauseLink, clause_link
from govoa.core.dates import chinese_date
from govoa.core.vocabulary import Classification
from govoa.flow import registry
from govoa.flow.definition import Checklist, parse, path_to
from govoa.flow.models import TrailEntry, WorkItem
from govoa.flow.policies import can_act_on_item, can_withdraw_item
from govoa.flow.services.eligibility import barred_people, reachable
from govoa.flow.services.routing import Context
from govoa.flow.workflow import Action, ItemStatus, TrailEvent
from govoa.org.models import Person

TRAIL_VERBS = {str(word.value): str(word.label) for word in [*TrailEvent, *Action]}


def module_label(module: str, subject_type: str) -> str:
    try:
        return registry.subject_adapter(subject_type).module_label or module
    except KeyError:
        return module


@dataclass(frozen=True)
class ActChoices:
    actions: list[tuple[str, str]]
    return_targets: list[tuple[str, str]]
    can_withdraw: bool
    # The node's 三查 list, when it has one and the person may act now (the form's boxes).
    checklist: Checklist | None = None


def act_choices(item: WorkItem, person: Person) -> ActChoices:
    """What ``person`` may do with ``item`` now (for the act form and the API)."""
    today = timezone.localdate()
    definition = parse(item.instance.template.definition)
    actions: list[tuple[str, str]] = []
    targets: list[tuple[str, str]] = []
    checklist = None
    if item.status == ItemStatus.OPEN and can_act_on_item(person, item, today):
        node = definition.node(item.node_key)
        actions = [(a, node.label(a)) for a in node.actions]
        targets = [(k, definition.node(k).name) for k in path_to(definition, node.key)[:-1]]
        checklist = node.checklist
    return ActChoices(actions, targets, can_withdraw_item(person, item), checklist)


def choices_after_act(item: WorkItem, can_withdraw: bool) -> ActChoices:
    """What the actor may do with ``item`` right after acting on it (no query): an item
    that stays open (加签) keeps its node's actions — the act has just shown the actor may
    act on it — and a closed one has none."""
    if item.status != ItemStatus.OPEN:
        return ActChoices([], [], can_withdraw)
    definition = parse(item.instance.template.definition)
    node = definition.node(item.node_key)
    targets = [(k, definition.node(k).name) for k in path_to(definition, node.key)[:-1]]
    return ActChoices(
        [(a, node.label(a)) for a in node.actions], targets, can_withdraw, node.checklist
    )


def forward_choices(item: WorkItem, person: Person) -> QuerySet[Person]:
    """Whom ``person`` may 转办 or 加签 ``item`` to: the node's reach, less those who hold it
    already and those its separation of duties bars (what the service would accept)."""
    ctx = Context(instance=item.instance, actor=person, lock=False)
    node = ctx.definition.node(item.node_key)
    if not {Action.FORWARD, Action.ADD_SIGNER} & set(node.actions):
        return Person.objects.none()
    holders = WorkItem.objects.filter(
        instance=item.instance, activation=item.activation, status=ItemStatus.OPEN
    ).values("assignee_id")
    return (
        reachable(ctx, node, item)
        .exclude(pk__in=holders)
        .exclude(pk__in=[person.pk, *barred_people(ctx, node)])
        .select_related("department")
    )


def _companions_text(details: dict[str, Any]) -> str:
    """What a host's trail entry says of its companions (承办 of its 协办)."""
    parts = []
    if details.get("companions_answered"):
        parts.append(f"已答复：{'、'.join(details['companions_answered'])}")
    if details.get("companions_pending"):
        parts.append(
            f"未答复：{'、'.join(details['companions_pending'])}，"
            f"理由：{details.get('companion_reason', '')}"
        )
    return f"（{details.get('companion_node', '')}{'；'.join(parts)}）" if parts else ""


def trail_line(entry: TrailEntry) -> str:
    """“李四 代 张三 同意：意见” — how the 办理过程 reads."""
    who = entry.actor.real_name if entry.actor else "系统"
    if entry.on_behalf_of_id and entry.on_behalf_of:
        who = f"{who} 代 {entry.on_behalf_of.real_name}"
    verb = TRAIL_VERBS.get(entry.action, entry.action)
    if entry.action == TrailEvent.NOTE:
        verb = str((entry.details or {}).get("verb") or verb)
    text = f"{who} {verb}"
    if entry.opinion:
        text += f"：{entry.opinion}"
    said = (entry.details or {}).get("said")
    if said:
        text += f"（{said}）"
    return text + _checklist_text(entry.details or {}) + _companions_text(entry.details or {})


def _checklist_text(details: dict[str, Any]) -> str:
    """What an act's trail entry says of its 三查 list: passed, or the items not ticked."""
    if "checklist" not in details:
        return ""
    name = details.get("checklist_name") or "检查清单"
    missing = details.get("checklist_missing") or []
    text = f"（{name}：未勾选 {'、'.join(missing)}" if missing else f"（{name}：逐项检查通过"
    note = details.get("checklist_note")
    return text + (f"；说明：{note}）" if note else "）")


def item_payload(item: WorkItem, today: datetime.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    instance = item.instance
    return {
        "id": item.pk,
        "instance_id": instance.pk,
        "node_key": item.node_key,
        "node_name": item.node_name,
        "kind": item.kind,
        "status": item.status,
        "status_label": item.get_status_display(),
        "assignee": {"id": item.assignee_id, "name": item.assignee.real_name},
        "delegated_from": (
            {"id": item.delegated_from_id, "name": item.delegated_from.real_name}
            if item.delegated_from
            else None
        ),
        "created_at": item.created_at,
        "opened_at": item.opened_at,
        "due_date": item.due_date,
        "due_is_estimate": item.due_is_estimate,
        "overdue": bool(item.status == ItemStatus.OPEN and item.due_date and item.due_date < today),
        "done_at": item.done_at,
        "action": item.action,
        "opinion": item.opinion,
        "subject": {
            "module": instance.module,
            "module_label": module_label(instance.module, instance.subject_type),
            "title": instance.title,
            "number": instance.number,
            "classification": instance.classification,
            "classification_label": str(Classification(instance.classification).label),
            "urgent": instance.urgent,
            "url": instance.url,
        },
    }


@dataclass(frozen=True)
class SignedOpinion:
    """One line of a printed form: the opinion, who gave it (代理 shown) and when."""

    text: str
    name: str
    date: str


def signed_opinions(subject_type: str, subject_id: int) -> dict[str, list[SignedOpinion]]:
    """Every act on a subject, by node, as forms print them (收文处理单, 发文稿纸)."""
    entries = (
        TrailEntry.objects.filter(
            instance__subject_type=subject_type, instance__subject_id=subject_id
        )
        .exclude(action__in=["start", "withdraw", TrailEvent.NOTE])
        .select_related("actor", "on_behalf_of")
        .order_by("created_at", "pk")
    )
    by_node: dict[str, list[SignedOpinion]] = {}
    for entry in entries:
        name = entry.actor.real_name if entry.actor else "系统"
        if entry.on_behalf_of:
            name = f"{name}（代{entry.on_behalf_of.real_name}）"
        verb = TRAIL_VERBS.get(entry.action, entry.action)
        text = entry.opinion or verb
        if entry.action not in {"approve", "read"} and entry.opinion:
            text = f"{verb}：{entry.opinion}"
        text += _companions_text(entry.details or {})
        by_node.setdefault(entry.node_key, []).append(
            SignedOpinion(text, name, chinese_date(entry.created_at))
        )
    return by_node


def step_clause(item: WorkItem) -> ClauseLink | None:
    """The clause of the agency's rules the item's step follows, if its node names one."""
    definition = parse(item.instance.template.definition)
    if not definition.has(item.node_key):
        return None
    return clause_link(item.instance.agency_id, definition.node(item.node_key).clause)
