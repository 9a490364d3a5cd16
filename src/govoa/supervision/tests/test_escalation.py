"""Overdue 办理 escalates, through the engine's deadline scan, to the task's supervising
leader (not the owner's department head), who may then open the task."""

import datetime

from govoa.flow.models import Reminder
from govoa.flow.services.reminders import scan_deadlines
from govoa.flow.workflow import ReminderKind
from govoa.supervision.selectors import task_get_for_person
from govoa.supervision.services import tasks
from govoa.supervision.workflow import Glance
from govoa.testing.clock import FROZEN_TODAY, SHANGHAI
from govoa.testing.supervision import assign


def test_overdue_work_escalates_to_the_supervising_leader(people, frozen_clock):
    task = assign(people, deadline=FROZEN_TODAY + datetime.timedelta(days=2))  # Wednesday
    tasks.task_confirm(actor=people.dept_head, task=task)
    task = tasks.task_sign(actor=people.deputy, task=task)
    assert task.glance(FROZEN_TODAY) == Glance.DUE_SOON
    next_monday = FROZEN_TODAY + datetime.timedelta(days=7)
    frozen_clock.move_to(datetime.datetime.combine(next_monday, datetime.time(9), tzinfo=SHANGHAI))
    assert task.glance(next_monday) == Glance.OVERDUE
    counts = scan_deadlines(next_monday)
    assert counts["escalated"] == 1
    escalation = Reminder.objects.get(kind=ReminderKind.ESCALATION)
    assert escalation.sent_to == people.principal
    assert escalation.work_item.node_key == "execute"
    assert task_get_for_person(person=people.principal, pk=task.pk) == task
