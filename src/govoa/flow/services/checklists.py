"""三查 at a node: the actor's answers to its checklist (``payload["checklist"]``: the items
ticked), checked and recorded with the act. A required list needs every item ticked for a
同意; 退回 and 不同意 record what was found wanting."""

from typing import Any

from govoa.core.errors import ValidationFailed
from govoa.flow.definition import Checklist, Node, parse
from govoa.flow.models import ChecklistResult, FlowInstance, WorkItem
from govoa.flow.workflow import Action
from govoa.org.models import Person

# The acts that conclude a check (the others hand the item on or only read it).
CONCLUDING = frozenset({Action.APPROVE, Action.DISAGREE, Action.REJECT, Action.RETURN})
MAX_NOTE = 500


def ticked(node: Node, payload: dict[str, Any], action: str) -> list[str] | None:
    """The items ticked, validated; ``None`` when the node has no list or nothing to record."""
    checklist = node.checklist
    if checklist is None or action not in CONCLUDING:
        return None
    raw = payload.get("checklist")
    if raw is None and not checklist.required:
        return None
    if raw is None:
        raw = []
    if not isinstance(raw, list) or not all(isinstance(i, str) for i in raw):
        raise ValidationFailed(fields={"checklist": ["检查清单的内容无效。"]})
    unknown = [i for i in raw if i not in checklist.items]
    if unknown:
        raise ValidationFailed(fields={"checklist": [f"没有“{unknown[0][:40]}”这一检查项。"]})
    missing = [i for i in checklist.items if i not in raw]
    if checklist.required and action == Action.APPROVE and missing:
        raise ValidationFailed(
            f"须完成“{checklist.name}”检查后才能{node.label(action)}：“{missing[0]}”尚未勾选。",
            fields={"checklist": [f"请逐项检查：{'、'.join(missing)}。"]},
        )
    return [i for i in checklist.items if i in raw]


def note_of(payload: dict[str, Any]) -> str:
    """The optional note given with the checklist, validated."""
    note = payload.get("checklist_note") or ""
    if not isinstance(note, str):
        raise ValidationFailed(fields={"checklist_note": ["检查说明应为文字。"]})
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ValidationFailed(fields={"checklist_note": [f"检查说明不能超过 {MAX_NOTE} 字。"]})
    return note


def record(
    *,
    node: Node,
    instance: FlowInstance,
    item: WorkItem,
    actor: Person,
    action: str,
    checked: list[str],
    note: str = "",
) -> ChecklistResult:
    assert node.checklist is not None
    return ChecklistResult.objects.create(
        agency_id=instance.agency_id,
        item=item,
        module=instance.module,
        node_name=node.name,
        name=node.checklist.name,
        checked=checked,
        missing=[i for i in node.checklist.items if i not in checked],
        action=action,
        note=note,
        acted_by=actor,
    )


def trail_details(result: ChecklistResult) -> dict[str, Any]:
    """What the act's trail entry and audit event keep of the check."""
    details: dict[str, Any] = {"checklist": result.checked, "checklist_name": result.name}
    if result.missing:
        details["checklist_missing"] = result.missing
    if result.note:
        details["checklist_note"] = result.note
    return details


def checklist_of(item: WorkItem | None) -> Checklist | None:
    """The 三查 list at ``item``'s node (for a module's own act form)."""
    if item is None:
        return None
    return parse(item.instance.template.definition).node(item.node_key).checklist


def act_payload(checked: list[str] | None, note: str = "") -> dict[str, Any]:
    """The payload part of a module's own act that answers its node's 三查 list."""
    if checked is None:
        return {}
    return {"checklist": list(checked), "checklist_note": note}


def every_item_ticked(item: WorkItem) -> dict[str, Any]:
    """A payload ticking every item of the list at ``item``'s node (none without one): the
    demo's scripted acts, whose actors went through the list."""
    node = parse(item.instance.template.definition).node(item.node_key)
    return {"checklist": list(node.checklist.items)} if node.checklist else {}
