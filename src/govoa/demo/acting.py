"""Acting on a demo document's flow the way its people would, through the engine's one act."""

from typing import Any

from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.checklists import every_item_ticked
from govoa.flow.workflow import Action, ItemStatus
from govoa.org.models import Person


def act_on(
    subject_type: str,
    subject_id: int,
    *,
    actor: Person | None = None,
    node: str = "",
    action: str = Action.APPROVE,
    opinion: str = "",
    payload: dict[str, Any] | None = None,
) -> None:
    """The first open item on the subject held by ``actor`` (or at ``node``), acted on by its
    holder. The demo is scripted, so a missing item is a bug in the script."""
    items = WorkItem.objects.filter(
        instance__subject_type=subject_type, instance__subject_id=subject_id, status=ItemStatus.OPEN
    )
    if actor is not None:
        items = items.filter(assignee=actor)
    if node:
        items = items.filter(node_key=node)
    item = items.order_by("pk").first()
    if item is None:
        raise RuntimeError(f"no open item on {subject_type} {subject_id} for {actor or node}")
    if action == Action.APPROVE:  # the demo's people went through the step's 三查 list
        payload = {**every_item_ticked(item), **(payload or {})}
    work_item_act(
        actor=item.assignee, item_id=item.pk, action=action, opinion=opinion, payload=payload or {}
    )
