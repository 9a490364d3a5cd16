"""会议 on the workbench (工作台), beside the approvals (会议审批, 纪要审签) that are work items
of the engine: the notices the person has not answered yet (回执), and the meetings they
organise that have taken place and wait for their 纪要. Two bounded queries on indexed
columns (the agency's meetings still to come, an organiser's own meetings), whatever the
history."""

from django.db.models import Q
from django.utils import timezone

from govoa.core.panels import PanelLine, WorkbenchPanel, register_workbench_panel
from govoa.meetings.invitations import duration_text
from govoa.meetings.models import Invitee, Meeting
from govoa.meetings.workflow import Answer, MeetingStatus, MinutesStatus
from govoa.org.models import Person
from govoa.org.policies import may_handle_business

SHOWN = 5


def _unanswered(person: Person) -> list[PanelLine]:
    rows = (
        Invitee.objects.filter(
            person_id=person.pk,
            answer=Answer.PENDING,
            # With the agency, the meetings still to come are read from their time index
            # (meeting_agency_time), not the whole history (EXPLAIN on the large set).
            meeting__agency_id=person.agency_id,
            meeting__status=MeetingStatus.APPROVED,
            meeting__starts_at__gt=timezone.now(),
            meeting__classification__lte=person.clearance,
        )
        .select_related("meeting", "meeting__room")
        .order_by("meeting__starts_at", "pk")[:SHOWN]
    )
    return [
        PanelLine(
            text=f"待回执：{i.meeting.title}",
            detail=f"{duration_text(i.meeting)}，{i.meeting.location}",
            url=f"/meetings/{i.meeting_id}/",
        )
        for i in rows
    ]


def _minutes_due(person: Person) -> list[PanelLine]:
    rows = (
        Meeting.objects.filter(
            organiser_id=person.pk,
            status=MeetingStatus.APPROVED,
            ends_at__lte=timezone.now(),
        )
        .filter(Q(minutes__isnull=True) | Q(minutes__status=MinutesStatus.DRAFT))
        .order_by("-pk")[:SHOWN]
    )
    return [
        PanelLine(
            text=f"待整理纪要：{m.title}",
            detail=f"{duration_text(m)}召开；纪要应在会后 24 小时内起草，送主持领导审签",
            url=f"/meetings/{m.pk}/",
        )
        for m in rows
    ]


def meetings_panel(person: Person) -> WorkbenchPanel | None:
    if not may_handle_business(person):
        return None
    lines = _unanswered(person) + _minutes_due(person)
    if not lines:
        return None
    return WorkbenchPanel(
        title="我的会议",
        lines=lines,
        url="/meetings/",
        note="会议审批和纪要审签在上方待办中。",
    )


register_workbench_panel("meetings", meetings_panel)
