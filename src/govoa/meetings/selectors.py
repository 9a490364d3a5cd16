"""Reads of meetings, always through ``policies.meetings_visible_q``; lists by keyset."""

import datetime

from django.db.models import QuerySet

from govoa.core.errors import NotFound
from govoa.flow.models import FlowInstance
from govoa.meetings.models import Meeting, MeetingPlan, MeetingRoom
from govoa.meetings.policies import MEETING_TYPE, meetings_visible_q, plans_visible_q
from govoa.meetings.workflow import ACTIVE
from govoa.org.models import Person
from govoa.org.policies import may_handle_business


def meeting_list(*, person: Person, query: str = "") -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(meetings_visible_q(person))
    if query:
        qs = qs.filter(title__icontains=query[:50])
    return qs.select_related("room", "department", "organiser", "chair")


def keyset_page(
    qs: QuerySet[Meeting], *, before: int | None, size: int
) -> tuple[list[Meeting], int | None]:
    """Newest first by id; ``before`` the last id of the page before."""
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.order_by("-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].pk if more and rows else None)


def meeting_get_for_person(*, person: Person, pk: int) -> Meeting:
    found = (
        Meeting.objects.filter(meetings_visible_q(person), pk=pk)
        .select_related("room", "department", "organiser", "chair", "approver", "plan")
        .first()
    )
    if found is None:
        raise NotFound("会议不存在或您无权查看。")
    return found


def instances_of(meeting: Meeting) -> list[FlowInstance]:
    return list(
        FlowInstance.objects.filter(subject_type=MEETING_TYPE, subject_id=meeting.pk).order_by("pk")
    )


def rooms_of(person: Person) -> QuerySet[MeetingRoom]:
    if not may_handle_business(person):
        return MeetingRoom.objects.none()
    return MeetingRoom.objects.filter(agency_id=person.agency_id, active=True).order_by("name")


def retired_rooms(person: Person) -> QuerySet[MeetingRoom]:
    if not may_handle_business(person):
        return MeetingRoom.objects.none()
    return MeetingRoom.objects.filter(agency_id=person.agency_id, active=False).order_by("name")


def room_get_for_person(*, person: Person, pk: int) -> MeetingRoom:
    """One room of the person's agency, in use or retired (a business user's read)."""
    found = (
        MeetingRoom.objects.filter(pk=pk, agency_id=person.agency_id).first()
        if may_handle_business(person)
        else None
    )
    if found is None:
        raise NotFound("会议室不存在。")
    return found


def room_bookings(
    room: MeetingRoom, first: datetime.datetime, last: datetime.datetime
) -> QuerySet[Meeting]:
    """The room's meetings (approved or pending) in the window: what the booking calendar
    and the availability endpoint show (a 秘密+ title is masked by the caller)."""
    return Meeting.objects.filter(
        room=room, status__in=ACTIVE, starts_at__lt=last, ends_at__gt=first
    ).order_by("starts_at", "pk")[:200]


def plans_of(person: Person, year: int) -> QuerySet[MeetingPlan]:
    return (
        MeetingPlan.objects.filter(plans_visible_q(person), year=year)
        .select_related("department")
        .order_by("window_start", "pk")
    )


def plan_get_for_person(*, person: Person, pk: int) -> MeetingPlan:
    found = MeetingPlan.objects.filter(plans_visible_q(person), pk=pk).first()
    if found is None:
        raise NotFound("计划不存在或您无权查看。")
    return found
