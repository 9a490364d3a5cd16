"""Building meetings for tests: rooms, and a request by the head of 规划处, chaired by the
deputy leader, approved by the principal, on the Thursday after the frozen today."""

import datetime
from typing import Any

from govoa.core.vocabulary import Role
from govoa.meetings.models import Meeting, MeetingRoom
from govoa.meetings.services.requests import (
    MeetingData,
    meeting_create,
    meeting_decide,
    meeting_submit,
)
from govoa.testing.clock import FROZEN_NOW
from govoa.testing.factories import grant, make_person

# Thursday of the frozen week, 14:30.
THURSDAY = FROZEN_NOW.replace(hour=14, minute=30) + datetime.timedelta(days=3)


def at(hours: float, day: datetime.datetime = THURSDAY) -> datetime.datetime:
    return day + datetime.timedelta(hours=hours)


def room(people: Any, name: str = "第一会议室", capacity: int = 30, **fields: Any) -> MeetingRoom:
    return MeetingRoom.objects.create(
        agency=people.agency, name=name, location="机关大楼3楼", capacity=capacity, **fields
    )


def office_head(people: Any) -> Any:
    person = make_person(department=people.office, username="bgszr", real_name="办公室主任")
    grant(person, Role.OFFICE_HEAD)
    return person


def meeting_data(people: Any, **fields: Any) -> MeetingData:
    values: dict[str, Any] = {
        "title": "2027年重点项目谋划推进会",
        "starts_at": THURSDAY,
        "ends_at": at(2),
        "agenda": "一、规划处汇报项目谋划情况\n二、能源处补充\n三、分管领导讲话",
        "expected_outcome": "形成2027年重点项目储备清单的意见",
        "chair_id": people.deputy.pk,
        "approver_id": people.principal.pk,
        "invitee_ids": [people.staff.pk, people.registrar.pk],
        "place": "机关大楼3楼会议室",
        "ad_hoc_reason": "市政府要求本周报送项目储备意见",
    }
    values.update(fields)
    return MeetingData(**values)


def request(people: Any, actor: Any = None, **fields: Any) -> Meeting:
    return meeting_create(actor=actor or people.dept_head, data=meeting_data(people, **fields))


def approved(people: Any, actor: Any = None, **fields: Any) -> Meeting:
    meeting = request(people, actor, **fields)
    meeting_submit(actor=actor or people.dept_head, meeting=meeting)
    meeting_decide(actor=people.principal, meeting=meeting, approve=True)
    meeting.refresh_from_db()
    return meeting
