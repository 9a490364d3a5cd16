"""The 督办 acts that are no act on a work item (分解, 进展汇报, 交付物, 复盘) in the task's
办理过程, beside the engine's acts."""

from typing import Any

from govoa.flow.services.notes import flow_trail_note
from govoa.supervision.models import SupervisionTask
from govoa.supervision.policies import SUBJECT_TYPE


def task_trail_note(
    actor: Any, task: SupervisionTask, verb: str, text: str = "", **details: Any
) -> None:
    """In the caller's transaction, beside the act's audit record."""
    flow_trail_note(
        actor=actor,
        subject_type=SUBJECT_TYPE,
        subject_id=task.pk,
        verb=verb,
        text=text,
        details=details,
    )
