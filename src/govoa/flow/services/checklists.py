"""三查 at a node: the actor's answers to its checklist (``payload["checklist"]``: the items
ticked), checked and recorded with the act. A required list needs every item ticked for a
同意; 退回 and 不同意 record what was found wanting."""

from typing import Any

from govoa.core.errors import ValidationFailed
from govoa.flow.definition import Node
from govoa.flow.models import ChecklistResult, FlowInstance, WorkItem
from govoa.flow.workflow import Action
from govoa.org.models import Person


def ticked(node: Node, payload: dict[str, Any], action: str) -> list[str] | None:
    """The items ticked, validated; ``None`` when the node has no list or nothing to record."""
    checklist = node.checklist
    if checklist is None or action == Action.READ:
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


def record(
    *,
    node: Node,
    instance: FlowInstance,
    item: WorkItem,
    actor: Person,
    action: str,
    checked: list[str],
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
        acted_by=actor,
    )
