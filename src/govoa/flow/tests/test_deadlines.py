import datetime

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.models import WorkdayOverride
from govoa.flow.deadlines import due_after
from govoa.flow.models import Reminder, WorkItem
from govoa.flow.services.reminders import scan_deadlines
from govoa.flow.workflow import ReminderKind
from govoa.notify.models import Notification
from govoa.testing.clock import SHANGHAI
from govoa.testing.flows import make_memo, memo_cast, open_items, start_memo

D = datetime.date
pytestmark = pytest.mark.django_db


def test_item_opened_friday_before_national_day_with_five_days_is_due_oct_9():
    assert due_after(D(2026, 9, 25), 5) == (D(2026, 10, 9), False)


def test_unknown_year_gives_an_estimate_instead_of_stopping():
    due, estimate = due_after(D(2026, 12, 30), 3)
    assert estimate
    assert due == D(2027, 1, 4)  # Thu → Fri, Mon, … counted Monday to Friday


def test_known_override_year_is_exact(db):
    WorkdayOverride.objects.create(day=D(2027, 1, 1), is_workday=False, note="元旦")
    assert due_after(D(2026, 12, 31), 1) == (D(2027, 1, 4), False)


def test_items_get_due_dates_from_the_node_deadline(people, clock_at):
    clock_at(datetime.datetime(2026, 9, 25, 10, 0))
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast))
    [item] = open_items(instance)
    assert item.due_date == D(2026, 9, 29)  # two working days after Fri 09-25
    assert not item.due_is_estimate


def test_subject_may_fix_a_node_deadline(people):
    cast = memo_cast(people)
    memo = make_memo(people, cast, deadline=D(2026, 12, 1))
    instance = start_memo(people, memo)
    from govoa.flow.services.acts import work_item_act

    [item] = open_items(instance)
    work_item_act(actor=item.assignee, item_id=item.pk, action="approve")
    [office] = open_items(instance, "review")
    assert office.due_date == D(2026, 12, 1)


def _item_due(people, due):
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast))
    [item] = open_items(instance)
    WorkItem.objects.filter(pk=item.pk).update(due_date=due)
    item.refresh_from_db()
    return item


def test_reminder_one_working_day_before_due(people):
    # Due Thu 2026-10-08, the first working day after the National Day holiday: the reminder
    # goes out on Wed 09-30, the last working day before it.
    item = _item_due(people, D(2026, 10, 8))
    assert scan_deadlines(D(2026, 9, 29))["due_soon"] == 0
    assert scan_deadlines(D(2026, 9, 30))["due_soon"] == 1
    assert scan_deadlines(D(2026, 9, 30))["due_soon"] == 0  # once only
    reminder = Reminder.objects.get(work_item=item)
    assert (reminder.kind, reminder.sent_to, reminder.sent_by) == (
        ReminderKind.DUE_SOON,
        item.assignee,
        None,
    )
    assert Notification.objects.filter(recipient=item.assignee, kind="flow.item.due_soon").exists()


def test_overdue_and_escalation_after_two_working_days_across_a_holiday(people):
    item = _item_due(people, D(2026, 9, 30))
    counts = scan_deadlines(D(2026, 10, 1))
    assert counts == {"due_soon": 0, "overdue": 1, "escalated": 0}
    item.refresh_from_db()
    assert item.overdue_notified_at is not None
    # 10-01..10-07 are holidays: still 0 working days late on 10-07.
    assert scan_deadlines(D(2026, 10, 7))["escalated"] == 0
    assert scan_deadlines(D(2026, 10, 8))["escalated"] == 0  # 1 working day late
    counts = scan_deadlines(D(2026, 10, 9))  # 2 working days late → escalate
    assert counts["escalated"] == 1
    escalation = Reminder.objects.get(work_item=item, kind=ReminderKind.ESCALATION)
    # The handler is the department head: it goes one level up, to the supervising leader.
    assert escalation.sent_to == people.deputy
    assert "已超期 2 个工作日" in escalation.note
    assert AuditEvent.objects.filter(action="flow.work_item.escalate").count() == 1
    assert scan_deadlines(D(2026, 10, 12))["escalated"] == 0  # once only


def test_a_staff_members_overdue_item_goes_to_their_department_head(people):
    item = _item_due(people, D(2026, 11, 18))
    WorkItem.objects.filter(pk=item.pk).update(assignee=people.staff)
    assert scan_deadlines(D(2026, 11, 23))["escalated"] == 1
    escalation = Reminder.objects.get(work_item=item, kind=ReminderKind.ESCALATION)
    assert escalation.sent_to == people.dept_head


def test_escalation_threshold_is_configurable(people, settings):
    settings.GOVOA_ESCALATE_AFTER_WORKING_DAYS = 1
    _item_due(people, D(2026, 11, 20))
    assert scan_deadlines(D(2026, 11, 23))["escalated"] == 1


def test_done_items_are_left_alone(people):
    item = _item_due(people, D(2026, 9, 30))
    WorkItem.objects.filter(pk=item.pk).update(status="done")
    assert scan_deadlines(D(2026, 10, 20)) == {"due_soon": 0, "overdue": 0, "escalated": 0}


@pytest.fixture
def clock_at(time_machine):
    """Stop the clock at a given local (Beijing) time."""

    def move(moment: datetime.datetime) -> None:
        time_machine.move_to(moment.replace(tzinfo=SHANGHAI), tick=False)

    return move
