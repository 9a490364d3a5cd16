"""The rules of the acts: receipts, the sign-in link (signed, time-limited, the invitee's
own), a classified meeting's notice that stays inside, materials deadlines, the 日程 feed,
plans, minutes and separation of duties."""

import datetime

import pytest
from django.core import signing
from icalendar import Calendar

from govoa.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from govoa.core.vocabulary import Classification
from govoa.meetings.models import Invitee
from govoa.meetings.services import attendance, minutes, notices, plans
from govoa.meetings.signin import SALT, sign_in_token
from govoa.meetings.workflow import Answer, PlanStatus
from govoa.notify.models import Delivery, Notification
from govoa.supervision.agenda import ics_feed
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.meetings import approved, at, office_head


def test_receipts_leave_needs_a_reason_delegate_a_name(people):
    meeting = approved(people)
    with pytest.raises(ValidationFailed):
        notices.meeting_answer(actor=people.staff, meeting=meeting, answer=Answer.LEAVE)
    with pytest.raises(ValidationFailed):
        notices.meeting_answer(actor=people.staff, meeting=meeting, answer=Answer.DELEGATE)
    invitee = notices.meeting_answer(
        actor=people.staff, meeting=meeting, answer=Answer.DELEGATE, delegate_name="李科员"
    )
    assert invitee.display_name == "李科员"
    with pytest.raises(NotFound):
        notices.meeting_answer(actor=people.dept_head, meeting=meeting, answer=Answer.ATTEND)
    # 催回执 reaches only those who have not answered.
    assert notices.remind_unanswered(actor=people.dept_head, meeting=meeting) == 2
    with pytest.raises(PermissionDenied):
        notices.remind_unanswered(actor=people.staff, meeting=meeting)


def test_the_sign_in_link_is_signed_time_limited_and_personal(people, frozen_clock):
    meeting = approved(people)
    token = sign_in_token(meeting)
    with pytest.raises(TransitionNotAllowed, match="尚未开始"):
        attendance.sign_in_by_link(actor=people.staff, token=token)
    frozen_clock.move_to(at(-0.5))
    with pytest.raises(NotFound):
        attendance.sign_in_by_link(actor=people.staff, token=token[:-2] + "xx")
    forged = signing.dumps({"m": meeting.pk, "k": ""}, salt="another")
    with pytest.raises(NotFound):
        attendance.sign_in_by_link(actor=people.staff, token=forged)
    with pytest.raises(NotFound):  # not invited
        attendance.sign_in_by_link(actor=people.dept_head, token=token)
    invitee = attendance.sign_in_by_link(actor=people.staff, token=token)
    assert invitee.signed_in_at is not None
    # Signing in twice keeps the first time.
    first = invitee.signed_in_at
    assert attendance.sign_in_by_link(actor=people.staff, token=token).signed_in_at == first
    # A rotated key voids the old code.
    attendance.sign_in_rotate(actor=people.dept_head, meeting=meeting)
    with pytest.raises(NotFound):
        attendance.sign_in_by_link(actor=people.registrar, token=token)
    frozen_clock.move_to(at(2.5))
    with pytest.raises(TransitionNotAllowed, match="已结束"):
        attendance.sign_in_by_link(actor=people.registrar, token=sign_in_token(meeting))
    assert signing.loads(sign_in_token(meeting), salt=SALT)["m"] == meeting.pk


def test_a_classified_meeting_sends_no_email(people):
    for person in (people.staff, people.registrar):
        person.email = f"{person.username}@example.gov.cn"
        person.clearance = Classification.SECRET
        person.save()
    meeting = approved(people, classification=Classification.SECRET, title="涉密专题会")
    assert Notification.objects.filter(kind="meetings.notice").count() == 3
    assert not Delivery.objects.exists()
    # ...while an ordinary one does.
    approved(people, title="普通会议", starts_at=at(24), ends_at=at(25))
    assert Delivery.objects.filter(channel="email").count() == 2
    assert meeting.pk


def test_meetings_are_in_the_ics_feed_of_those_invited(people):
    meeting = approved(people)
    feed = Calendar.from_ical(ics_feed(people.staff, base_url="https://oa.example.gov.cn/"))
    events = {str(e["uid"]): e for e in feed.walk("VEVENT")}
    event = events[f"meeting-{meeting.pk}@govoa"]
    assert event.decoded("dtstart") == meeting.starts_at
    assert "谋划推进会" in str(event["summary"])
    # On leave: no longer in one's agenda.
    notices.meeting_answer(actor=people.staff, meeting=meeting, answer=Answer.LEAVE, reason="出差")
    feed = Calendar.from_ical(ics_feed(people.staff, base_url="https://oa.example.gov.cn/"))
    assert f"meeting-{meeting.pk}@govoa" not in {str(e["uid"]) for e in feed.walk("VEVENT")}


def test_the_plan_runs_through_the_office_and_the_leader(people):
    head = office_head(people)
    plan = plans.plan_create(
        actor=people.dept_head,
        data=plans.PlanData(
            year=FROZEN_TODAY.year + 1,
            name="年度工作会",
            content="部署全年工作",
            window_start=datetime.date(FROZEN_TODAY.year + 1, 1, 10),
            window_end=datetime.date(FROZEN_TODAY.year + 1, 2, 10),
            attendee_scope="全体干部",
            scale=80,
            budget="3000",
        ),
    )
    with pytest.raises(PermissionDenied):
        plans.plan_submit(actor=head, plan=plan)
    plans.plan_submit(actor=people.dept_head, plan=plan)
    plans.plan_decide(actor=head, plan=plan, node_key="review", approve=True)
    plans.plan_decide(
        actor=people.principal,
        plan=plan,
        node_key="approve",
        approve=False,
        opinion="与年度工作会议合并召开",
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REJECTED
    with pytest.raises(PermissionDenied):
        plans.plan_create(
            actor=people.staff,
            data=plans.PlanData(2027, "x", "y", FROZEN_TODAY, FROZEN_TODAY, "z", 1),
        )
    with pytest.raises(ValidationFailed) as refused:
        plans.plan_create(
            actor=people.dept_head,
            data=plans.PlanData(
                FROZEN_TODAY.year, "会", "内容", FROZEN_TODAY, FROZEN_TODAY, "范围", 1, "-5"
            ),
        )
    assert "budget" in refused.value.fields


def test_the_office_head_reviewing_their_own_plan_is_refused(people):
    """The proposer cannot review what they proposed (differ_from @initiator)."""
    head = office_head(people)
    plan = plans.plan_create(
        actor=head,
        data=plans.PlanData(
            FROZEN_TODAY.year, "办公室工作会", "内容", FROZEN_TODAY, FROZEN_TODAY, "办公室", 10
        ),
    )
    # The only office head proposed it: nobody may review it, so it cannot go out.
    with pytest.raises(ValidationFailed, match="职责分离"):
        plans.plan_submit(actor=head, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_minutes_wait_for_the_meeting_and_the_chair_signs_not_the_drafter(people, frozen_clock):
    meeting = approved(people, chair_id=people.deputy.pk)
    with pytest.raises(TransitionNotAllowed, match="尚未开始"):
        minutes.minutes_save(actor=people.dept_head, meeting=meeting, record="", summary="纪要")
    frozen_clock.move_to(at(2 + 25))
    record = minutes.minutes_save(
        actor=people.dept_head, meeting=meeting, record="", summary="纪要正文"
    )
    assert record.late  # drafted more than 24 hours after the end
    with pytest.raises(ValidationFailed):
        minutes.resolution_add(
            actor=people.dept_head,
            meeting=meeting,
            content="x",
            owner_id=people.deputy.pk,
            deadline=FROZEN_TODAY + datetime.timedelta(days=40),
        )
    minutes.minutes_submit(actor=people.dept_head, meeting=meeting)
    with pytest.raises(NotFound):
        minutes.minutes_sign(actor=people.dept_head, meeting=meeting, approve=True)
    minutes.minutes_sign(actor=people.deputy, meeting=meeting, approve=False, opinion="补充")
    record.refresh_from_db()
    assert record.status == "draft"


def test_materials_after_the_deadline_are_flagged(people, frozen_clock):
    import io

    from govoa.meetings.services.materials import material_add
    from govoa.testing.incoming import PDF

    meeting = approved(people)
    assert meeting.materials_due == FROZEN_TODAY + datetime.timedelta(days=1)  # Tue for Thu
    frozen_clock.move_to(at(-24))
    late = material_add(
        actor=people.staff, meeting=meeting, title="汇报", name="汇报.pdf", stream=io.BytesIO(PDF)
    )
    assert late.late
    with pytest.raises(PermissionDenied):
        material_add(
            actor=people.principal,  # neither invited nor running it
            meeting=meeting,
            title="x",
            name="x.pdf",
            stream=io.BytesIO(PDF),
        )
    assert Invitee.objects.filter(meeting=meeting).count() == 3


def test_the_scheduler_reminds_those_who_have_not_answered(people, frozen_clock):
    from govoa.meetings.tasks import remind_unanswered_receipts

    meeting = approved(people)
    notices.meeting_answer(actor=people.staff, meeting=meeting, answer=Answer.ATTEND)
    # Three days ahead: not yet.
    assert notices.remind_unanswered_due() == 0
    frozen_clock.move_to(at(-40))
    assert remind_unanswered_receipts.call() == 2  # the registrar and the chair
    assert notices.remind_unanswered_due() == 0  # not twice within a day
    reminded = Notification.objects.filter(kind="meetings.receipt_reminder")
    assert {n.recipient_id for n in reminded} == {people.registrar.pk, people.deputy.pk}
    frozen_clock.move_to(at(-12))
    assert notices.remind_unanswered_due() == 2


def test_large_meetings_take_an_evaluation_from_those_who_attended(people):
    from govoa.meetings.models import Meeting
    from govoa.testing.factories import make_person

    crowd = [make_person(department=people.energy, username=f"crowd{n}") for n in range(28)]
    meeting = approved(people, invitee_ids=[people.staff.pk, *(p.pk for p in crowd)])
    small = approved(people, title="小范围碰头会", starts_at=at(24), ends_at=at(25))
    Meeting.objects.filter(pk__in=[meeting.pk, small.pk]).update(status="closed")
    meeting.refresh_from_db()
    small.refresh_from_db()
    assert minutes.is_large(meeting)
    evaluation = minutes.evaluation_submit(
        actor=people.staff, meeting=meeting, score=4, comment="会议紧凑"
    )
    assert evaluation.score == 4
    with pytest.raises(ValidationFailed):
        minutes.evaluation_submit(actor=people.staff, meeting=meeting, score=9, comment="")
    with pytest.raises(NotFound):
        minutes.evaluation_submit(actor=people.dept_head, meeting=meeting, score=3, comment="")
    with pytest.raises(TransitionNotAllowed):
        minutes.evaluation_submit(actor=people.staff, meeting=small, score=3, comment="")


def test_those_not_signed_in_are_reminded_once_the_meeting_begins(client, people, frozen_clock):
    """提醒未到 (000 二(三)1): after the start, those expected and not signed in are told; not
    those on leave, not those signed in; only whoever runs the meeting may send it."""
    meeting = approved(people)
    notices.meeting_answer(
        actor=people.registrar, meeting=meeting, answer=Answer.LEAVE, reason="出差"
    )
    with pytest.raises(TransitionNotAllowed, match="开始后"):
        attendance.remind_absent(actor=people.dept_head, meeting=meeting)
    frozen_clock.move_to(at(-0.5))
    attendance.sign_in_by_link(actor=people.staff, token=sign_in_token(meeting))
    frozen_clock.move_to(at(0.25))
    with pytest.raises(PermissionDenied):
        attendance.remind_absent(actor=people.staff, meeting=meeting)
    client.force_login(people.dept_head)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "提醒未到人员（1 人）" in page
    assert client.post(f"/meetings/{meeting.pk}/acts/remind_absent/").status_code == 302
    reminded = Notification.objects.filter(kind="meetings.absent_reminder")
    assert {n.recipient_id for n in reminded} == {people.deputy.pk}  # the chair, not yet in
    frozen_clock.move_to(at(2.5))
    client.logout()
    client.force_login(people.dept_head)
    late = client.post(f"/meetings/{meeting.pk}/acts/remind_absent/")
    assert late.status_code == 409
    assert "会议已结束" in late.content.decode()  # an act with no form says why on top
    assert reminded.count() == 1
