"""Acts a module records beside the engine's (进展汇报, 分解, 上传材料, 复盘 …): they are no
act on a work item, yet the 办理过程 shows them where the subject's acts are."""

from typing import Any

from govoa.flow.models import FlowInstance, TrailEntry
from govoa.flow.workflow import TrailEvent


def flow_trail_note(
    *,
    actor: Any,
    subject_type: str,
    subject_id: int,
    verb: str,
    text: str = "",
    details: dict[str, Any] | None = None,
) -> TrailEntry | None:
    """Append ``actor``'s act ``verb`` (“汇报进展”) to the 办理过程 of the subject's first
    flow (its main one). In the caller's transaction; ``None`` if the subject has no flow."""
    instance = (
        FlowInstance.objects.filter(subject_type=subject_type, subject_id=subject_id)
        .order_by("pk")
        .only("pk")
        .first()
    )
    if instance is None:
        return None
    return TrailEntry.objects.create(
        instance=instance,
        node_key="",
        node_name=verb[:100],
        actor=actor,
        action=TrailEvent.NOTE,
        opinion=text[:2000],
        details={"verb": verb, **(details or {})},
    )
