"""What the office prints for 督办: the 任务确认单 (the 五要素 and the steps, signed by the
owner and the assigner from the flow's trail), the weekly 督办通报 of a department, and
the 督办台账 as a register book (XLSX or PDF)."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from govoa.core.dates import chinese_date
from govoa.core.vocabulary import Classification
from govoa.documents.registers import RegisterBook
from govoa.documents.rendering.pdf import html_to_pdf
from govoa.flow.presenters import signed_opinions
from govoa.org.models import Department
from govoa.supervision.models import ProgressReport, SupervisionTask, TaskStep
from govoa.supervision.policies import SUBJECT_TYPE
from govoa.supervision.workflow import Glance


def confirmation_pdf(task: SupervisionTask, steps: Sequence[TaskStep]) -> bytes:
    opinions = signed_opinions(SUBJECT_TYPE, task.pk)
    html = render_to_string(
        "supervision/print/confirmation.html",
        {
            "task": task,
            "steps": steps,
            "classification": Classification(task.classification).label,
            "deadline": chinese_date(task.deadline),
            "created": chinese_date(task.created_at),
            "confirmed": opinions.get("confirm", []),
            "signed": opinions.get("sign", []),
        },
    )
    return html_to_pdf(html)


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


@dataclass(frozen=True)
class BulletinRow:
    task: SupervisionTask
    glance: Glance
    report: ProgressReport | None


def bulletin_pdf(
    *,
    department: Department,
    tasks: Sequence[SupervisionTask],
    latest: dict[int, ProgressReport],
    day: datetime.date,
) -> bytes:
    """督办通报: the department's tasks with their status at a glance and the latest
    progress; overdue ones first."""
    monday, sunday = week_of(day)
    rows = [BulletinRow(t, t.glance(day), latest.get(t.pk)) for t in tasks]
    order = {"overdue": 0, "due_soon": 1, "extended": 2, "in_progress": 3, "not_started": 4}
    rows.sort(key=lambda r: (order.get(r.glance.value, 5), r.task.deadline))
    counts: dict[str, int] = {}
    for r in rows:
        label = str(r.glance.label)
        counts[label] = counts.get(label, 0) + 1
    html = render_to_string(
        "supervision/print/bulletin.html",
        {
            "department": department,
            "rows": rows,
            "counts": counts,
            "period": f"{chinese_date(monday)}至{chinese_date(sunday)}",
            "printed": chinese_date(timezone.localdate()),
        },
    )
    return html_to_pdf(html)


LEDGER_HEADERS = [
    "编号",
    "任务名称",
    "来源",
    "来源说明",
    "责任部门",
    "承办人",
    "交办人",
    "督办领导",
    "时限",
    "原定时限",
    "状态",
    "立项日期",
    "完成日期",
]


def _ledger_rows(tasks: Iterable[SupervisionTask], today: datetime.date) -> list[list[object]]:
    return [
        [
            t.pk,
            t.title,
            t.get_source_kind_display(),
            t.source_label,
            t.department.name,
            t.owner.real_name,
            t.assigner.real_name,
            t.leader.real_name if t.leader else "",
            t.deadline.isoformat(),
            t.original_deadline.isoformat(),
            str(t.glance(today).label),
            timezone.localtime(t.created_at).strftime("%Y-%m-%d"),
            timezone.localtime(t.completed_at).strftime("%Y-%m-%d") if t.completed_at else "",
        ]
        for t in tasks
    ]


def ledger_book(tasks: Iterable[SupervisionTask], *, period: str) -> RegisterBook:
    return RegisterBook(
        name="督办台账",
        subject="督办事项",
        headers=LEDGER_HEADERS,
        rows=_ledger_rows(tasks, timezone.localdate()),
        period_label="统计截至",
        period=period,
    )
