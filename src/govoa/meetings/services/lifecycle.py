"""What the flows' nodes do to plans and meetings (called by ``flows``' adapters inside the
act's transaction)."""

from typing import Any

from govoa.core.handoffs import MeetingResolution, meeting_resolution_made
from govoa.meetings.models import Meeting, MeetingPlan, Minutes, Resolution
from govoa.meetings.services.trail import meeting_trail_note
from govoa.meetings.workflow import MeetingStatus, MinutesStatus, PlanStatus

RESOLUTION_TYPE = "meetings.resolution"


def plan_entered(plan: MeetingPlan, node_key: str) -> None:
    status = {"review": PlanStatus.REVIEWING, "approve": PlanStatus.APPROVING}.get(node_key)
    if status and plan.status != status:
        plan.status = status
        plan.save(update_fields=["status"])


def plan_finished(plan: MeetingPlan, status: str) -> None:
    plan.status = PlanStatus.APPROVED if status == "completed" else PlanStatus.REJECTED
    plan.save(update_fields=["status"])


def before_approval(meeting: Meeting) -> None:
    """The room may have been booked since the request: refuse, naming the other meeting."""
    from govoa.meetings.services.requests import refuse_blocking

    refuse_blocking(meeting)


def request_finished(meeting: Meeting, status: str) -> None:
    from govoa.meetings.services.notices import send_notices

    if status == "completed":
        meeting.status = MeetingStatus.APPROVED
        meeting.save(update_fields=["status"])
        send_notices(meeting)
    elif status == "rejected":
        meeting.status = MeetingStatus.REJECTED
        meeting.save(update_fields=["status"])


def minutes_finished(meeting: Meeting, status: str, instance: Any) -> None:
    minutes = Minutes.objects.select_for_update().get(meeting=meeting)
    if status != "completed":
        minutes.status = MinutesStatus.DRAFT
        minutes.save(update_fields=["status"])
        return
    minutes.status = MinutesStatus.APPROVED
    minutes.save(update_fields=["status"])
    hand_over_resolutions(meeting, instance.started_by)


def hand_over_resolutions(meeting: Meeting, actor: Any) -> None:
    """Each 议定事项 becomes a 督办 task, assigned by the chair (once: idempotent)."""
    label = f"{meeting.title}（{meeting.starts_at:%Y-%m-%d}）"
    handed = []
    for resolution in Resolution.objects.filter(meeting=meeting, handed_over=False).select_related(
        "owner"
    ):
        meeting_resolution_made(
            MeetingResolution(
                actor=actor,
                chair=meeting.chair,
                owner=resolution.owner,
                resolution_type=RESOLUTION_TYPE,
                resolution_id=resolution.pk,
                meeting_label=label,
                url=f"/meetings/{meeting.pk}/",
                title=f"落实会议议定事项：{resolution.content}"[:200],
                content=resolution.content,
                deadline=resolution.deadline,
                classification=meeting.classification,
            )
        )
        resolution.handed_over = True
        resolution.save(update_fields=["handed_over"])
        handed.append(f"{resolution.content[:50]}（{resolution.owner.real_name}）")
    if handed:
        meeting_trail_note(
            meeting.chair,
            meeting,
            "审签纪要，议定事项列入督办",
            f"{len(handed)} 项：" + "；".join(handed),
        )
