import datetime

import pytest
from django.utils import timezone

from govoa.core.errors import Conflict, PermissionDenied, TransitionNotAllowed, ValidationFailed
from govoa.flow.models import TrailEntry, WorkItem
from govoa.flow.presenters import trail_line
from govoa.incoming.services.extensions import extension_decide, extension_request
from govoa.testing.flows import move_to
from govoa.testing.scenarios import incoming_scenario


@pytest.fixture
def handling(people):
    scenario = incoming_scenario(people)
    move_to(
        scenario.instance,
        "handle",
        actor=scenario.instance.started_by,
        payload={"next_assignees": [people.staff.pk]},
    )
    document = scenario.instance
    from govoa.incoming.models import IncomingDocument

    doc = IncomingDocument.objects.get(pk=document.subject_id)
    doc.deadline = timezone.localdate() + datetime.timedelta(days=2)
    doc.save()
    return doc


def test_handler_asks_and_the_instructing_leader_approves(people, handling):
    later = timezone.localdate() + datetime.timedelta(days=12)
    request = extension_request(
        actor=people.staff, document=handling, requested_deadline=later, reason="需征求三个区县意见"
    )
    with pytest.raises(Conflict):
        extension_request(
            actor=people.staff, document=handling, requested_deadline=later, reason="再申请"
        )
    with pytest.raises(PermissionDenied):
        extension_decide(actor=people.principal, request_id=request.pk, approve=True)
    extension_decide(actor=people.deputy, request_id=request.pk, approve=True, note="同意")
    handling.refresh_from_db()
    assert handling.deadline == later
    item = WorkItem.objects.get(instance__subject_id=handling.pk, node_key="handle", status="open")
    assert item.due_date == later
    # The 协办 opened with 承办 keep answering before the 主办: two working days earlier.
    co = WorkItem.objects.filter(instance__subject_id=handling.pk, node_key="co_handle")
    assert co.count() == 2
    assert all(c.due_date is not None and c.due_date < later for c in co)
    entry = TrailEntry.objects.get(work_item=item, action="reschedule")
    assert entry.actor_id == people.deputy.pk
    assert (
        trail_line(entry) == f"{people.deputy.real_name} 批准延期：期限延至 {later:%Y-%m-%d}。同意"
    )
    with pytest.raises(TransitionNotAllowed):
        extension_decide(actor=people.deputy, request_id=request.pk, approve=False)


def test_refusal_keeps_the_deadline(people, handling):
    old = handling.deadline
    request = extension_request(
        actor=people.staff,
        document=handling,
        requested_deadline=old + datetime.timedelta(days=5),
        reason="忙",
    )
    extension_decide(actor=people.deputy, request_id=request.pk, approve=False, note="请按期办结")
    handling.refresh_from_db()
    assert handling.deadline == old
    assert not TrailEntry.objects.filter(action="reschedule").exists()


def test_an_approved_extension_restarts_the_reminders_for_the_new_date(people, handling):
    from govoa.flow.services.reminders import scan_deadlines

    item = WorkItem.objects.get(instance__subject_id=handling.pk, node_key="handle", status="open")
    WorkItem.objects.filter(pk=item.pk).update(due_date=timezone.localdate())
    later = timezone.localdate() + datetime.timedelta(days=30)
    scan_deadlines(today=timezone.localdate() + datetime.timedelta(days=20))
    item.refresh_from_db()
    assert item.overdue_notified_at is not None
    request = extension_request(
        actor=people.staff, document=handling, requested_deadline=later, reason="需补充材料"
    )
    extension_decide(actor=people.deputy, request_id=request.pk, approve=True)
    item.refresh_from_db()
    assert (item.due_date, item.overdue_notified_at, item.escalated_at) == (later, None, None)


def test_only_the_handler_asks_and_dates_must_make_sense(people, handling):
    with pytest.raises(PermissionDenied):
        extension_request(
            actor=people.dept_head,
            document=handling,
            requested_deadline=handling.deadline + datetime.timedelta(days=3),
            reason="x",
        )
    with pytest.raises(ValidationFailed) as excinfo:
        extension_request(
            actor=people.staff, document=handling, requested_deadline=handling.deadline, reason=""
        )
    assert set(excinfo.value.fields) == {"reason", "requested_deadline"}
