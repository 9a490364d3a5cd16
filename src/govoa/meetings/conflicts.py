"""冲突协调: a meeting's slot against the room's bookings and the people's other meetings.

A booking holds only once approved: an approved meeting in the same room at an overlapping
time refuses the request (名称 and time of the other meeting in the message); a pending one
is only a warning. A leader (the chair, or an invited leader) already in an approved meeting
at that time refuses it; anyone else double-booked is a warning. A slot ending exactly when
the other starts is no conflict; cancelled and refused meetings hold nothing."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from govoa.core.vocabulary import Classification
from govoa.meetings.models import Invitee, Meeting
from govoa.meetings.workflow import ACTIVE, HOLDING, Answer
from govoa.org.models import Person

LIMIT = 20


@dataclass(frozen=True)
class Clash:
    blocking: bool
    message: str


def _title(meeting: Meeting) -> str:
    """A 秘密+ meeting's name stays out of messages shown to whoever is booking."""
    return "涉密会议" if meeting.classification >= Classification.SECRET else meeting.title


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    return f"{start:%Y-%m-%d %H:%M}至{end:%H:%M}"


def _overlapping(
    starts_at: datetime.datetime, ends_at: datetime.datetime, exclude_id: int | None
) -> Q:
    q = Q(starts_at__lt=ends_at, ends_at__gt=starts_at, status__in=ACTIVE)
    return q & ~Q(pk=exclude_id) if exclude_id else q


def room_clashes(
    *,
    room_id: int,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    exclude_id: int | None = None,
) -> list[Clash]:
    others = (
        Meeting.objects.filter(_overlapping(starts_at, ends_at, exclude_id), room_id=room_id)
        .select_related("room")
        .order_by("starts_at", "pk")[:LIMIT]
    )
    clashes = []
    for other in others:
        held = other.status in HOLDING
        state = "已预订" if held else "已有待审批的申请"
        clashes.append(
            Clash(held, f"会议室“{other.room}”{_when(other)}{state}：《{_title(other)}》。")
        )
    return clashes


def people_clashes(
    *,
    people: list[Person],
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    exclude_id: int | None = None,
    leaders: set[int],
) -> list[Clash]:
    ids = [p.pk for p in people]
    names = {p.pk: p.real_name for p in people}
    window = _overlapping(starts_at, ends_at, exclude_id) & Q(status__in=HOLDING)
    busy: dict[int, Meeting] = {}
    for meeting in Meeting.objects.filter(window, chair_id__in=ids).order_by("starts_at")[:LIMIT]:
        busy.setdefault(meeting.chair_id, meeting)
    invited = (
        Invitee.objects.filter(person_id__in=ids, meeting__in=Meeting.objects.filter(window))
        .exclude(answer__in=(Answer.LEAVE, Answer.DELEGATE))
        .select_related("meeting")
        .order_by("meeting__starts_at")[: LIMIT * 5]
    )
    for invitee in invited:
        busy.setdefault(invitee.person_id, invitee.meeting)
    clashes = []
    for person_id, other in sorted(busy.items(), key=lambda kv: ids.index(kv[0])):
        leader = person_id in leaders
        who = f"领导{names[person_id]}" if leader else names[person_id]
        clashes.append(Clash(leader, f"{who}{_when(other)}已有会议：《{_title(other)}》。"))
    return clashes
