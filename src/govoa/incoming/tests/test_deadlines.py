import datetime

import pytest

from govoa.flow.models import Reminder, WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.reminders import scan_deadlines
from govoa.flow.workflow import ReminderKind
from govoa.incoming.services.acts import default_deadline
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.incoming import incoming_cast, register
from govoa.testing.scenarios import incoming_scenario

# Dates here meet the frozen today (FROZEN_TODAY): every test runs on the frozen clock.
pytestmark = pytest.mark.usefixtures("frozen_clock")

D = datetime.date


def test_default_deadlines_by_urgency_respect_holidays(people, frozen_clock):
    urgent = register(people, urgency="urgent")
    normal = register(people, urgency="normal", source_number="另一件")
    # From Fri 2026-09-25: 急件 2 working days → Tue 09-29; 普通件 5 → Fri 10-09 (国庆).
    assert default_deadline(urgent, D(2026, 9, 25)) == D(2026, 9, 29)
    assert default_deadline(normal, D(2026, 9, 25)) == D(2026, 10, 9)
    # A sender's date must not be past at registration: from the frozen today (a Monday).
    monday = FROZEN_TODAY + datetime.timedelta(days=14)
    tuesday = monday + datetime.timedelta(days=1)
    early = register(people, source_number="限办件", due_date=tuesday)
    assert default_deadline(early, monday) == tuesday  # the sender's date wins


def test_overdue_handling_is_reminded_and_escalated_across_a_holiday(people, frozen_clock):
    scenario = incoming_scenario(people)
    instance = scenario.instance
    from govoa.testing.flows import move_to

    move_to(
        instance, "handle", actor=instance.started_by, payload={"next_assignees": [people.staff.pk]}
    )
    item = WorkItem.objects.get(instance=instance, node_key="handle", status="open")
    WorkItem.objects.filter(pk=item.pk).update(due_date=D(2026, 9, 30))
    assert scan_deadlines(D(2026, 9, 29))["due_soon"] == 1  # one working day before
    assert scan_deadlines(D(2026, 10, 1))["overdue"] == 1
    assert scan_deadlines(D(2026, 10, 8))["escalated"] == 0  # the holiday does not count
    assert scan_deadlines(D(2026, 10, 9))["escalated"] == 1
    kinds = list(Reminder.objects.filter(work_item=item).values_list("kind", "sent_to"))
    assert kinds == [
        (ReminderKind.ESCALATION, people.dept_head.pk),
        (ReminderKind.OVERDUE, people.staff.pk),
        (ReminderKind.DUE_SOON, people.staff.pk),
    ]


def test_manual_reminder_by_registrar_and_named_supervisor(client, people):
    cast = incoming_cast(people)
    document = register(people)
    item = WorkItem.objects.get(instance__subject_id=document.pk, status="open")
    work_item_act(actor=people.registrar, item_id=item.pk, action="approve")
    propose = WorkItem.objects.get(instance__subject_id=document.pk, status="open")
    client.force_login(people.staff)  # not involved: may not remind
    response = client.post(f"/flow/items/{propose.pk}/remind/", {"channel": "system"})
    assert response.status_code == 404
    client.force_login(people.registrar)
    client.post(f"/incoming/{document.pk}/supervisor/", {"supervisor": people.staff.pk})
    client.force_login(people.staff)  # now the named 催办人
    response = client.post(
        f"/flow/items/{propose.pk}/remind/",
        {"channel": "system", "note": "请今天拟办", "back": f"/incoming/{document.pk}/"},
    )
    assert response["Location"] == f"/incoming/{document.pk}/"
    reminder = Reminder.objects.get(work_item=propose)
    assert (reminder.sent_by, reminder.sent_to) == (people.staff, cast.office_head)
