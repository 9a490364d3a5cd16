"""The 办会 acts that are no act on a work item (回执, 催回执, 材料, 座次, 签到, 纪要, 议定事项,
印发, 评估, 取消) in the meeting's 办理过程, beside the engine's acts (送审, 审批, 审签)."""

from typing import Any

from govoa.flow.services.notes import flow_trail_note
from govoa.meetings.models import Meeting
from govoa.meetings.policies import MEETING_TYPE


def meeting_trail_note(
    actor: Any, meeting: Meeting, verb: str, text: str = "", **details: Any
) -> None:
    """In the caller's transaction, beside the act's audit record. A meeting not yet sent
    for approval has no flow, hence no 办理过程 yet: nothing is written then."""
    flow_trail_note(
        actor=actor,
        subject_type=MEETING_TYPE,
        subject_id=meeting.pk,
        verb=verb,
        text=text,
        details=details,
    )
