"""会议 in the generated agency: rooms, years of closed meetings (inserted in bulk with their
invitees, all signed in), and the requests still awaiting approval, which go through the
real services (so their flows and work items are real).

Simplification: a closed meeting of the history has no flow rows, minutes or materials; the
list, the detail page and the API read the meeting and invitee rows only."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from govoa.demo.loadgen.agency import Org
from govoa.demo.loadgen.scales import Scale
from govoa.meetings.models import Invitee, Meeting, MeetingRoom
from govoa.meetings.services.requests import MeetingData, meeting_create, meeting_submit
from govoa.meetings.workflow import Answer, MeetingStatus, Seat
from govoa.org.models import Person

BATCH = 2_000
KINDS = ["专题会", "调度会", "推进会", "协调会", "座谈会"]


def _rooms(org: Org) -> list[MeetingRoom]:
    return MeetingRoom.objects.bulk_create(
        MeetingRoom(agency=org.agency, name=name, capacity=capacity, location="机关大楼")
        for name, capacity in (("第一会议室", 60), ("第二会议室", 24), ("小会议室", 10))
    )


def _closed(
    org: Org, rng: random.Random, rooms: list[MeetingRoom], topic: str, start: datetime.datetime
) -> Meeting:
    department = rng.choice(org.business)
    return Meeting(
        agency_id=org.agency.pk,
        title=f"关于{topic}的{rng.choice(KINDS)}",
        ad_hoc_reason="按工作需要召开",
        department_id=department,
        organiser_id=org.heads[department],
        chair_id=org.deputy_for(department),
        approver_id=org.principal or org.deputy_for(department),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=rng.choice((1, 2, 3))),
        room=rng.choice(rooms),
        agenda="一、汇报\n二、讨论\n三、部署",
        expected_outcome="形成会议意见",
        status=MeetingStatus.CLOSED,
        created_at=start - datetime.timedelta(days=3),
    )


def _invitees(meeting: Meeting, org: Org, rng: random.Random) -> list[Invitee]:
    members = org.members.get(meeting.department_id) or []
    people = [meeting.chair_id, *rng.sample(members, min(len(members), 4))]
    return [
        Invitee(
            meeting=meeting,
            person_id=pk,
            order=n,
            seat=Seat.ROSTRUM if n == 1 else Seat.HALL,
            answer=Answer.ATTEND,
            answered_at=meeting.created_at,
            signed_in_at=meeting.starts_at,
        )
        for n, pk in enumerate(dict.fromkeys(people), start=1)
    ]


def grow_meetings(org: Org, scale: Scale, rng: random.Random, topics: list[str]) -> dict[str, int]:
    """Closed meetings (a twentieth as many as finished 收文) on weekdays over the years, then
    the open requests (a fifth as many as open 收文) through the services."""
    now = timezone.now()
    rooms = _rooms(org)
    finished = max(scale.incoming // 20, 2)
    span = datetime.timedelta(days=365 * scale.years)
    moments = sorted(
        (now - span * rng.random() - datetime.timedelta(days=7)).replace(
            hour=rng.choice((1, 2, 6, 7)), minute=0, second=0, microsecond=0
        )
        for _ in range(finished)
    )
    counts = {"meetings.Meeting": 0, "meetings.Invitee": 0}
    for first in range(0, finished, BATCH):
        with transaction.atomic():
            meetings = Meeting.objects.bulk_create(
                [
                    _closed(org, rng, rooms, rng.choice(topics), m)
                    for m in moments[first : first + BATCH]
                ]
            )
            invitees = [i for m in meetings for i in _invitees(m, org, rng)]
            Invitee.objects.bulk_create(invitees)
        counts["meetings.Meeting"] += len(meetings)
        counts["meetings.Invitee"] += len(invitees)
    heads = {p.pk: p for p in Person.objects.filter(pk__in=org.heads.values())}
    for n in range(max(scale.open_incoming // 5, 2)):
        department = org.business[n % len(org.business)]
        head = heads[org.heads[department]]
        start = (now + datetime.timedelta(days=2 + n)).replace(minute=0, second=0, microsecond=0)
        meeting = meeting_create(
            actor=head,
            data=MeetingData(
                title=f"关于{rng.choice(topics)}的{rng.choice(KINDS)}（待审批）",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
                agenda="一、汇报\n二、讨论",
                expected_outcome="形成会议意见",
                chair_id=org.deputy_for(department),
                approver_id=org.deputy_for(department),
                invitee_ids=(org.members.get(department) or [])[:3],
                place="处室会议室",
                ad_hoc_reason="按工作需要召开",
            ),
        )
        meeting_submit(actor=head, meeting=meeting)
        counts["meetings.Meeting"] += 1
    return counts
