"""学习与培训 over HTTP: one's study entries, training attendance with a note per person,
the per-person and per-department records (keyset pages, constant queries), and the
reminder for a month without a study entry (frozen clock)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govoa.audit.models import AuditEvent
from govoa.handbook.models import StudyEntry, StudyReminder, TrainingAttendance
from govoa.handbook.services.learning import study_record, study_remind_missing
from govoa.notify.models import Notification
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.handbook import office_head
from govoa.testing.permissions import Matrix

# Study dates and the reminder's month are built from the frozen today: the clock is named.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def _study(person, days_ago=0, title="学习《党政机关公文处理工作条例》"):
    return study_record(
        actor=person, studied_on=FROZEN_TODAY - datetime.timedelta(days=days_ago), title=title
    )


def test_permission_matrix(client, people, other_agency_person):
    _study(people.staff)
    department = f"/handbook/learning/departments/{people.planning.pk}/"
    Matrix(department).check(client, in_scope=people.dept_head, out_of_scope=people.staff)
    Matrix(department).check(client, in_scope=office_head(people), out_of_scope=other_agency_person)
    Matrix("/api/v1/study-entries", api=True).check(client, in_scope=people.staff)
    Matrix("/api/v1/training-sessions", api=True).check(client, in_scope=people.staff)
    Matrix(
        "/handbook/training/", method="post", out_of_scope_status=403, in_scope_status=400
    ).check(client, in_scope=office_head(people), out_of_scope=people.staff)


def test_study_entries_from_the_form(client, people):
    client.force_login(people.staff)
    future = (FROZEN_TODAY + datetime.timedelta(days=1)).isoformat()
    refused = client.post("/handbook/learning/", {"studied_on": future, "title": "学习"})
    assert refused.status_code == 422
    assert "学习日期" in refused.content.decode()
    assert not StudyEntry.objects.exists()
    form = {
        "studied_on": FROZEN_TODAY.isoformat(),
        "title": "学习《优化营商环境条例》",
        "note": "体会",
    }
    assert client.post("/handbook/learning/", form).status_code == 302
    page = client.get("/handbook/learning/").content.decode()
    assert "本月已登记学习 1 篇" in page
    assert "学习《优化营商环境条例》" in page
    entry = StudyEntry.objects.get()
    assert (entry.person, entry.department) == (people.staff, people.planning)
    api = client.post(
        "/api/v1/study-entries",
        {"studied_on": FROZEN_TODAY.isoformat(), "title": "学习《保密法》"},
        content_type="application/json",
    )
    assert api.status_code == 201
    mine = client.get("/api/v1/study-entries").json()
    assert [e["title"] for e in mine["items"]] == ["学习《保密法》", "学习《优化营商环境条例》"]


def test_records_per_person_and_department_page_by_keyset(client, people):
    for n in range(60):
        _study(people.staff, days_ago=n % 30, title=f"政策文件{n:02d}")
    _study(people.registrar, title="办公室的学习")
    client.force_login(people.dept_head)
    url = f"/handbook/learning/departments/{people.planning.pk}/"
    client.get(url)  # the session's first request reads more (login bookkeeping)
    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    assert "政策文件59" in page
    assert "政策文件09" not in page
    assert "办公室的学习" not in page
    after = StudyEntry.objects.filter(title="政策文件10").get().pk
    with CaptureQueriesContext(connection) as second:
        older = client.get(f"{url}?after={after}").content.decode()
    assert "政策文件09" in older
    assert "政策文件10" not in older
    assert len(second.captured_queries) <= len(first.captured_queries)
    for _ in range(40):
        _study(people.staff, title="又一篇")
    with CaptureQueriesContext(connection) as grown:
        client.get(url)
    assert len(grown.captured_queries) == len(first.captured_queries)
    counts = [q["sql"] for q in grown.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counts if "handbook_" in sql]  # no history is counted
    # A department head reads their department only; the staff member their own.
    api = client.get(f"/api/v1/study-entries?department={people.office.pk}").json()
    assert api["items"] == []
    client.force_login(people.staff)
    theirs = client.get(f"/api/v1/study-entries?person={people.registrar.pk}").json()
    assert theirs["items"] == []


def test_training_with_attendance_and_notes(client, people, other_agency_person):
    head = office_head(people)
    client.force_login(head)
    form = {"title": "公文写作培训", "topic": "公文写作", "held_on": FROZEN_TODAY.isoformat()}
    created = client.post("/handbook/training/", form)
    assert created.status_code == 302
    session = created["Location"].rstrip("/").rsplit("/", 1)[-1]
    url = f"/handbook/training/{session}/"
    outsider = client.post(url, {"person": other_agency_person.pk, "status": "present"})
    assert outsider.status_code == 400  # not one of the agency's people: not a choice
    assert (
        client.post(
            url, {"person": people.staff.pk, "status": "present", "note": "掌握格式"}
        ).status_code
        == 302
    )
    assert (
        client.post(url, {"person": people.staff.pk, "status": "leave", "note": "出差"}).status_code
        == 302
    )
    row = TrainingAttendance.objects.get()
    assert (row.status, row.note, row.department) == ("leave", "出差", people.planning)
    api = client.post(
        f"/api/v1/training-sessions/{session}/attendance",
        {"person_id": people.registrar.pk, "status": "present", "note": "认真"},
        content_type="application/json",
    )
    assert api.status_code == 200
    assert {a["person"] for a in api.json()["attendance"]} == {"规划科员", "收发员"}
    client.force_login(people.staff)
    mine = client.get("/handbook/learning/").content.decode()
    assert "公文写作培训" in mine
    assert "出差" in mine
    detail = client.get(f"/api/v1/training-sessions/{session}").json()
    assert [a["person"] for a in detail["attendance"]] == ["规划科员"]  # one's own row only
    refused = client.post(
        f"/api/v1/training-sessions/{session}/attendance",
        {"person_id": people.staff.pk, "status": "present"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    client.force_login(other_agency_person)
    assert client.get(f"/api/v1/training-sessions/{session}").status_code == 404


def test_a_month_without_study_is_reminded_once(people, time_machine):
    _study(people.staff)  # studied this month (November)
    time_machine.move_to(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC))
    reminded = study_remind_missing()
    to = set(
        Notification.objects.filter(kind="handbook.study.reminder").values_list(
            "recipient__username", flat=True
        )
    )
    assert "staff" not in to
    assert {"registrar", "depthead", "principal"} <= to
    assert not {"sysadmin", "secadmin", "auditadmin"} & to  # the 三员 do no business
    assert reminded == len(to)
    assert StudyReminder.objects.filter(month=datetime.date(2026, 11, 1)).count() == reminded
    assert study_remind_missing() == 0  # once per month
    assert AuditEvent.objects.filter(action="handbook.study.remind").count() == 1


def test_the_command_reminds_for_the_month_before_the_given_day(people, capsys):
    _study(people.staff, days_ago=0)
    call_command("study_reminders", "--today", FROZEN_TODAY.isoformat())
    # The month before the frozen today (October): the staff member studied in November only.
    assert StudyReminder.objects.filter(
        person=people.staff, month=datetime.date(2026, 10, 1)
    ).exists()
    assert "已提醒" in capsys.readouterr().out
