"""Personal planning: the ICS feed (valid iCalendar, the person's deadlines, milestones and
meetings from any registered agenda source, no 秘密 title leaving the system, a rotatable
secret), 四象限 with one's own marks, and the week's free-time reserve."""

import datetime

import pytest
from icalendar import Calendar

from govoa.core import agenda
from govoa.core.agenda import AgendaEntry
from govoa.core.vocabulary import Classification
from govoa.supervision.services import planning, progress, tasks
from govoa.testing.clock import FROZEN_NOW, FROZEN_TODAY
from govoa.testing.supervision import assign


@pytest.fixture
def meeting_source():
    """A stand-in for the meetings module's agenda source (it registers one the same way)."""

    def meetings(person, first, last):
        start = FROZEN_NOW + datetime.timedelta(days=1, hours=5)
        return [
            AgendaEntry(
                uid=f"meeting-1-{person.pk}@govoa",
                day=start.date(),
                title="主任办公会",
                kind="会议",
                url="/meetings/1/",
                starts=start,
                ends=start + datetime.timedelta(hours=38),
            )
        ]

    agenda.register_agenda_source("test-meetings", meetings)
    yield
    agenda._sources.pop("test-meetings")


def _feed(client, people):
    client.force_login(people.dept_head)
    response = client.post("/supervision/calendar/rotate/")
    assert response.status_code == 302
    page = client.get("/supervision/calendar/").content.decode()
    start = page.index("http://testserver/supervision/calendar/feed/")
    return page[start : page.index(".ics", start) + 4].replace("http://testserver", "")


def test_the_ics_feed_validates_and_holds_meetings_and_deadlines(client, people, meeting_source):
    task = assign(people)
    tasks.task_confirm(actor=people.dept_head, task=task)
    tasks.task_sign(actor=people.deputy, task=task)
    progress.task_step_add(
        actor=people.dept_head,
        task=task,
        data=progress.StepData(
            "征求能源处意见",
            people.dept_head.pk,
            FROZEN_TODAY,
            FROZEN_TODAY + datetime.timedelta(5),
        ),
    )
    secret = assign(people, title="关于秘密项目的督办", classification=Classification.SECRET)
    url = _feed(client, people)
    client.logout()  # a desktop calendar has no session: the link is the credential
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    summaries = {str(e["summary"]) for e in events.values()}
    assert f"督办时限：{task.title}" in summaries
    assert "步骤节点：征求能源处意见（编制2027年重点项目清单）" in summaries
    assert "主任办公会" in summaries
    assert events[f"supervision-task-{task.pk}@govoa"]["dtstart"].dt == task.deadline
    assert str(events[f"supervision-task-{task.pk}@govoa"]["url"]).endswith(
        f"/supervision/{task.pk}/"
    )
    # The secret task's confirm item is due in two working days: in the feed, without its title.
    assert not any(secret.title in s for s in summaries)
    assert any("涉密事项" in s for s in summaries)

    # The week page shows the reserve the standard advises, and warns when it is used up.
    client.force_login(people.dept_head)
    week = client.get("/supervision/calendar/").content.decode()
    assert "4–6 小时（10%–15%）" in week


def test_a_rotated_or_unknown_link_is_404(client, people):
    old = _feed(client, people)
    new = _feed(client, people)
    client.logout()
    assert client.get(new).status_code == 200
    assert client.get(old).status_code == 404
    assert client.get("/supervision/calendar/feed/nonsense.ics").status_code == 404
    people.dept_head.status = "disabled"
    people.dept_head.save()
    assert client.get(new).status_code == 404


def test_quadrants_follow_ones_own_marks(client, people):
    task = assign(people, deadline=FROZEN_TODAY + datetime.timedelta(days=20))
    client.force_login(people.dept_head)
    page = client.get("/supervision/quadrants/")
    cells = {name: [r.title for r in rows] for name, _advice, rows in page.context["cells"]}
    confirm = [t for t in cells["紧急不重要"] if task.title in t]
    assert confirm  # the 任务确认 item is due in two working days: urgent by its date
    tasks.task_confirm(actor=people.dept_head, task=task)
    tasks.task_sign(actor=people.deputy, task=task)
    response = client.post(
        "/supervision/flags/", {"target": "task", "target_id": task.pk, "important": "on"}
    )
    assert response.status_code == 302
    page = client.get("/supervision/quadrants/")
    cells = {name: [r.title for r in rows] for name, _advice, rows in page.context["cells"]}
    assert f"督办：{task.title}" in cells["重要不紧急"]
    # Someone who cannot see the task cannot mark it.
    client.force_login(people.registrar)
    refused = client.post("/supervision/flags/", {"target": "task", "target_id": task.pk})
    assert refused.status_code == 404


def test_the_workbench_lists_show_the_marks_and_due_states(client, people, frozen_clock):
    """The 四象限's judgement is on the workbench too: 即将到期 by the date, and one's own
    重要/紧急 marks (one query for the page, whatever its length)."""
    from govoa.flow.models import WorkItem

    task = assign(people, deadline=FROZEN_TODAY + datetime.timedelta(days=20))
    item = WorkItem.objects.get(instance__subject_id=task.pk, node_key="confirm")
    assert item.due_date is not None
    assert 0 <= (item.due_date - FROZEN_TODAY).days <= 3
    client.force_login(people.dept_head)

    def row() -> str:
        page = client.get("/").content.decode()
        return next(tr for tr in page.split("<tr") if f"/flow/items/{item.pk}/" in tr)

    assert "即将到期" in row()
    assert "重要" not in row()
    client.post(
        "/supervision/flags/",
        {"target": "work_item", "target_id": item.pk, "important": "on", "urgent": "on"},
    )
    marked = row()
    assert '<span class="badge warn">重要</span>' in marked
    assert '<span class="badge warn">紧急</span>' in marked
    # Someone else's marks are theirs: the deputy's workbench shows none of them.
    client.force_login(people.deputy)
    assert "重要</span>" not in client.get("/").content.decode()


def test_a_full_week_says_the_reserve_is_used_up(client, people, meeting_source):
    client.force_login(people.staff)
    page = client.get(f"/supervision/calendar/?week={FROZEN_TODAY.isoformat()}").content.decode()
    assert "本周空闲不足" in page  # the stand-in meeting takes 38 of the week's 40 hours
    assert "主任办公会" in page


def test_rotating_is_audited_and_keeps_only_a_digest(people):
    from govoa.audit.models import AuditEvent
    from govoa.supervision.models import CalendarFeed

    token = planning.calendar_feed_rotate(actor=people.staff)
    feed = CalendarFeed.objects.get(person=people.staff)
    assert token not in feed.token_sha256
    assert len(feed.token_sha256) == 64
    assert AuditEvent.objects.filter(action="supervision.calendar.rotate").exists()
    assert planning.calendar_feed_person(token) == people.staff
    with pytest.raises(Exception):  # noqa: B017,PT011 — the 三员 have no business calendar
        planning.calendar_feed_rotate(actor=people.sys_admin)


def test_an_empty_week_keeps_its_reserve(client, people):
    client.force_login(people.staff)
    page = client.get("/supervision/calendar/").content.decode()
    assert "空闲 40" in page
    assert "本周空闲不足" not in page


def test_odd_week_parameters_show_this_week(client, people, frozen_clock):
    client.force_login(people.principal)
    for week in ["9999-12-31", "0001-01-01", f"{FROZEN_TODAY.year}-02-30", "x"]:
        page = client.get("/supervision/calendar/", {"week": week})
        assert page.status_code == 200
        assert page.context["monday"] == FROZEN_TODAY  # a Monday
    bulletin = client.get(f"/supervision/bulletin/{people.planning.pk}.pdf?week=9999-12-31")
    assert bulletin.status_code == 200
