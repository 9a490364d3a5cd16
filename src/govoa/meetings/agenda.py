"""会议's part of 日程 (registered with ``core.agenda``): the approved meetings the person
chairs or is invited to (unless on leave), as time slots; so they appear in the calendar
page and the ICS feed."""

import datetime

from django.db.models import Q
from django.utils import timezone

from govoa.core.agenda import AgendaEntry, register_agenda_source
from govoa.meetings.models import Invitee, Meeting
from govoa.meetings.workflow import HOLDING, Answer
from govoa.org.models import Person
from govoa.org.policies import may_handle_business

LIMIT = 500


def meetings_agenda(person: Person, first: datetime.date, last: datetime.date) -> list[AgendaEntry]:
    if not may_handle_business(person):
        return []
    invited = Invitee.objects.filter(person_id=person.pk).exclude(answer=Answer.LEAVE)
    meetings = (
        Meeting.objects.filter(
            Q(chair_id=person.pk) | Q(pk__in=invited.values("meeting_id")),
            agency_id=person.agency_id,
            classification__lte=person.clearance,
            status__in=HOLDING,
            starts_at__date__range=(first, last),
        )
        .select_related("room")
        .order_by("starts_at", "pk")[:LIMIT]
    )
    return [
        AgendaEntry(
            uid=f"meeting-{m.pk}@govoa",
            day=timezone.localtime(m.starts_at).date(),
            title=f"会议：{m.title}（{m.location}）",
            kind="会议",
            url=f"/meetings/{m.pk}/",
            starts=m.starts_at,
            ends=m.ends_at,
            classification=m.classification,
        )
        for m in meetings
    ]


register_agenda_source("meetings", meetings_agenda)
