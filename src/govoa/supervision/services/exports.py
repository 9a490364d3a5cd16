"""Exports and printouts of 督办 (DESIGN §5: exports are audited acts; printing a classified
task is too), and sending the weekly 督办通报 to the leaders."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.vocabulary import Role
from govoa.documents import registers
from govoa.documents.access import audit_if_classified
from govoa.notify.services import notify
from govoa.org.models import Department, Person
from govoa.org.policies import supervised_department_ids
from govoa.org.selectors import people_with_role
from govoa.supervision import printables
from govoa.supervision.models import (
    BulletinDispatch,
    ProgressReport,
    SupervisionTask,
    TaskStep,
)
from govoa.supervision.policies import sees_all_tasks, tasks_visible_q
from govoa.supervision.workflow import TaskStatus

BULLETIN_LIMIT = 300


def ledger_export(
    *, actor: Person, tasks: Sequence[SupervisionTask], fmt: str, period: str, query: str
) -> bytes:
    return registers.register_export(
        actor=actor,
        book=printables.ledger_book(tasks, period=period),
        fmt=fmt,
        action="supervision.ledger.export",
        query=query,
    )


def confirmation_print(*, actor: Person, task: SupervisionTask, steps: Sequence[TaskStep]) -> bytes:
    content = printables.confirmation_pdf(task, steps)
    audit_if_classified(
        actor=actor, document=task, action="supervision.task.print", details={"form": "确认单"}
    )
    return content


def may_see_bulletin(person: Person, department: Department) -> bool:
    """The department's head, its supervising leader, and those who see every task."""
    if sees_all_tasks(person):
        return True
    supervised = supervised_department_ids(person)
    return supervised is None or department.pk in supervised


def _bulletin_tasks(person: Person, department: Department, day: datetime.date) -> list:
    monday, _sunday = printables.week_of(day)
    return list(
        SupervisionTask.objects.filter(tasks_visible_q(person), department=department)
        .exclude(status=TaskStatus.CANCELLED)
        .exclude(status=TaskStatus.COMPLETED, completed_at__date__lt=monday)
        .select_related("owner", "leader")
        .order_by("deadline", "pk")[:BULLETIN_LIMIT]
    )


def _latest_reports(tasks: list[SupervisionTask]) -> dict[int, ProgressReport]:
    newest = (
        ProgressReport.objects.filter(task=OuterRef("task"))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    rows = ProgressReport.objects.filter(
        task__in=[t.pk for t in tasks], pk=Subquery(newest)
    ).select_related("task")
    return {r.task_id: r for r in rows}


def bulletin(*, actor: Person, department: Department, day: datetime.date) -> bytes:
    """The week's 督办通报 of a department, as PDF; audited."""
    if not may_see_bulletin(actor, department) or department.agency_id != actor.agency_id:
        raise audit_denied(
            action="supervision.bulletin.print",
            actor=actor,
            obj=department,
            reason="只有该部门负责人、分管领导和办公室可以查看督办通报。",
        )
    tasks = _bulletin_tasks(actor, department, day)
    content = printables.bulletin_pdf(
        department=department, tasks=tasks, latest=_latest_reports(tasks), day=day
    )
    audit_record(
        action="supervision.bulletin.print",
        actor=actor,
        obj=department,
        details={"week": day.isoformat(), "tasks": len(tasks)},
    )
    return content


def _leaders_of(department: Department) -> list[Person]:
    deputies = people_with_role(
        agency_id=department.agency_id, role=Role.LEADER_DEPUTY, department_id=department.pk
    )
    principal = people_with_role(agency_id=department.agency_id, role=Role.LEADER_PRINCIPAL)
    return list({p.pk: p for p in [*deputies, *principal]}.values())


def _dispatch(actor: Person | None, department: Department, monday: datetime.date) -> list[Person]:
    """Tell the leaders (those supervising the department, and the principal) of the week's
    通报; recorded once per department and week."""
    leaders = _leaders_of(department)
    BulletinDispatch.objects.update_or_create(
        department=department, week=monday, defaults={"sent_at": timezone.now()}
    )
    sender = actor.real_name if actor is not None else "系统"
    notify(
        recipients=leaders,
        kind="supervision.bulletin",
        title=f"督办通报：{department.name}（{monday:%m月%d日}当周）",
        body=f"{sender}印发了{department.name}本周的督办通报。",
        url=f"/supervision/bulletin/{department.pk}.pdf?week={monday.isoformat()}",
        agency_id=department.agency_id,
    )
    audit_record(
        action="supervision.bulletin.send",
        actor=actor,
        obj=department,
        details={"week": monday.isoformat(), "to": [p.real_name for p in leaders]},
    )
    return leaders


def bulletin_send(*, actor: Person, department: Department, day: datetime.date) -> list[Person]:
    """Send the week's 督办通报 to the leaders by hand."""
    if not may_see_bulletin(actor, department) or department.agency_id != actor.agency_id:
        raise audit_denied(
            action="supervision.bulletin.send",
            actor=actor,
            obj=department,
            reason="只有该部门负责人、分管领导和办公室可以印发督办通报。",
        )
    monday, _ = printables.week_of(day)
    with transaction.atomic():
        return _dispatch(actor, department, monday)


def bulletins_send_weekly(today: datetime.date | None = None) -> int:
    """The scheduler's weekly round: from Monday on, each department with tasks under way
    whose 通报 of this week has not gone out is sent to its leaders. Returns how many."""
    today = today or timezone.localdate()
    monday, _ = printables.week_of(today)
    sent = BulletinDispatch.objects.filter(week=monday).values("department_id")
    busy = (
        SupervisionTask.objects.exclude(status__in=[TaskStatus.COMPLETED, TaskStatus.CANCELLED])
        .values("department_id")
        .distinct()
    )
    departments = Department.objects.filter(pk__in=busy).exclude(pk__in=sent)
    count = 0
    for department in departments:
        with transaction.atomic():
            _dispatch(None, department, monday)
        count += 1
    return count
