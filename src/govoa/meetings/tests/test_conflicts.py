"""冲突协调: room overlap at the boundaries (end = start is no conflict), a booking that holds
only once approved, a leader double-booked, a cancelled meeting freeing its room."""

import pytest

from govoa.core.errors import ValidationFailed
from govoa.meetings.services.requests import (
    meeting_cancel,
    meeting_decide,
    meeting_submit,
    warnings_for,
)
from govoa.meetings.workflow import MeetingStatus
from govoa.testing.meetings import approved, at, request, room


@pytest.fixture
def hall(people):
    return room(people)


def test_a_meeting_starting_when_another_ends_is_no_conflict(people, hall):
    first = approved(people, room_id=hall.pk, place="")
    assert first.status == MeetingStatus.APPROVED
    after = request(
        people,
        title="能源处季度例会",
        room_id=hall.pk,
        starts_at=at(2),
        ends_at=at(3),
        chair_id=people.principal.pk,
        approver_id=people.deputy.pk,
        invitee_ids=[],
    )
    before = request(
        people,
        title="晨会",
        room_id=hall.pk,
        starts_at=at(-1),
        ends_at=at(0),
        chair_id=people.principal.pk,
        approver_id=people.deputy.pk,
        invitee_ids=[],
    )
    assert after.pk
    assert before.pk
    assert warnings_for(after) == []


def test_an_overlap_by_a_minute_is_refused_naming_the_other_meeting(people, hall):
    approved(people, room_id=hall.pk, place="")
    with pytest.raises(ValidationFailed) as refused:
        request(
            people,
            title="能源处季度例会",
            room_id=hall.pk,
            starts_at=at(2 - 1 / 60),
            ends_at=at(3),
            chair_id=people.principal.pk,
            approver_id=people.deputy.pk,
            invitee_ids=[],
        )
    assert "第一会议室" in refused.value.message
    assert "2027年重点项目谋划推进会" in refused.value.message


def test_a_booking_holds_only_once_approved(people, hall):
    pending = request(people, room_id=hall.pk, place="")
    meeting_submit(actor=people.dept_head, meeting=pending)
    # A pending request warns the second, it does not refuse it.
    second = request(
        people,
        title="能源处季度例会",
        room_id=hall.pk,
        starts_at=at(1),
        ends_at=at(3),
        chair_id=people.principal.pk,
        approver_id=people.deputy.pk,
        invitee_ids=[],
    )
    assert any("待审批" in w and "谋划推进会" in w for w in warnings_for(second))
    meeting_submit(actor=people.dept_head, meeting=second)
    meeting_decide(actor=people.principal, meeting=pending, approve=True)
    # Now the room is taken: approving the second is refused, naming the first.
    with pytest.raises(ValidationFailed) as refused:
        meeting_decide(actor=people.deputy, meeting=second, approve=True)
    assert "谋划推进会" in refused.value.message
    second.refresh_from_db()
    assert second.status == MeetingStatus.PENDING


def test_a_leader_double_booked_is_refused_others_only_warned(people, hall):
    approved(people, room_id=hall.pk, place="")  # the deputy chairs it; staff invited
    other = room(people, name="第二会议室")
    with pytest.raises(ValidationFailed) as refused:
        request(
            people,
            title="专题研究会",
            room_id=other.pk,
            place="",
            starts_at=at(1),
            ends_at=at(3),
            chair_id=people.principal.pk,
            approver_id=people.principal.pk,
            invitee_ids=[people.deputy.pk],
        )
    assert "领导分管副主任" in refused.value.message
    assert "谋划推进会" in refused.value.message
    # 规划科员 is double-booked too, but is not a leader: a warning on the request.
    meeting = request(
        people,
        title="专题研究会",
        room_id=other.pk,
        place="",
        starts_at=at(1),
        ends_at=at(3),
        chair_id=people.principal.pk,
        approver_id=people.deputy.pk,
        invitee_ids=[people.staff.pk],
    )
    assert any("规划科员" in w for w in warnings_for(meeting))


def test_a_cancelled_meeting_frees_its_room(people, hall):
    first = approved(people, room_id=hall.pk, place="")
    data = {
        "title": "能源处季度例会",
        "room_id": hall.pk,
        "place": "",
        "starts_at": at(1),
        "ends_at": at(3),
        "chair_id": people.principal.pk,
        "approver_id": people.deputy.pk,
        "invitee_ids": [],
    }
    with pytest.raises(ValidationFailed):
        request(people, **data)
    meeting_cancel(actor=people.dept_head, meeting=first, reason="领导临时出差")
    assert request(people, **data).room_id == hall.pk


def test_a_cancelled_pending_request_ends_its_flow(people, hall):
    from govoa.flow.models import FlowInstance

    pending = request(people, room_id=hall.pk, place="")
    meeting_submit(actor=people.dept_head, meeting=pending)
    meeting_cancel(actor=people.dept_head, meeting=pending, reason="改期")
    instance = FlowInstance.objects.get(subject_type="meetings.meeting", subject_id=pending.pk)
    assert instance.status == "cancelled"


def test_the_requester_cannot_approve_their_own_meeting(people):
    with pytest.raises(ValidationFailed) as refused:
        request(people, actor=people.deputy, approver_id=people.deputy.pk)
    assert "不能审批自己" in str(refused.value.fields)


def test_an_ad_hoc_meeting_needs_a_reason(people):
    with pytest.raises(ValidationFailed) as refused:
        request(people, ad_hoc_reason="")
    assert "ad_hoc_reason" in refused.value.fields
