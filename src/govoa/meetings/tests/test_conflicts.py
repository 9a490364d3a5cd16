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


def test_a_similar_meeting_of_the_organiser_that_week_warns_to_merge(client, people):
    """合并或套开: a warning (not a refusal) naming the similar meeting of the same organiser or
    department that week; not for another subject, another week, or a cancelled meeting."""
    first = approved(people)  # 2027年重点项目谋划推进会, Thursday
    similar = request(
        people, title="2027年重点项目谋划推进会（第二次）", starts_at=at(24), ends_at=at(25)
    )
    other_subject = request(people, title="能源保供专题会", starts_at=at(26), ends_at=at(27))
    next_week = request(
        people,
        title="2027年重点项目谋划推进会（第三次）",
        starts_at=at(24 * 7),
        ends_at=at(24 * 7 + 1),
    )
    merge = "请考虑合并召开或套开"
    [warning] = [w for w in warnings_for(similar) if merge in w]
    assert f"《{first.title}》" in warning
    assert not any(merge in w for w in warnings_for(other_subject))
    assert not any(merge in w for w in warnings_for(next_week))
    # Sending it anyway is allowed: the warning comes back with the submission (API).
    client.force_login(people.dept_head)
    response = client.post(f"/api/v1/meetings/{similar.pk}/submit", content_type="application/json")
    assert response.status_code == 200
    assert any(merge in w for w in response.json()["warnings"])
    meeting_cancel(actor=people.dept_head, meeting=first, reason="与第二次合并召开")
    assert not any(merge in w for w in warnings_for(next_week))
    assert not any(f"《{first.title}》" in w for w in warnings_for(similar))
