"""The figures of 统计与通报, per department and period (issue 14). Each section reads only
the period's rows (bounded by the period, not the history), only records the person's
clearance covers, only the departments in their scope; lists of names (overdue) only name
records the person may open. Definitions are in docs/apps/reports.md.

A section is one function in ``SECTIONS``; a module added later (meetings: held versus
plan) adds one function and one entry."""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from govoa.documents.vocabulary import DocType
from govoa.flow.models import ChecklistResult, WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.incoming.policies import incoming_documents_visible_q
from govoa.incoming.workflow import Status as IncomingStatus
from govoa.org.models import Person
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.policies import SUBJECT_TYPE as OUTGOING_SUBJECT
from govoa.reports.meeting_figures import meetings_section
from govoa.reports.period import Period
from govoa.reports.policies import department_q, report_departments
from govoa.reports.sections import (
    NO_DEPARTMENT,
    Section,
    bar,
    days_between,
    department_names,
    local_date,
    percent,
)
from govoa.seals.models import SealUsage
from govoa.supervision.models import SupervisionTask
from govoa.supervision.policies import tasks_visible_q
from govoa.supervision.workflow import TaskStatus
from govoa.supplies.models import StockMovement
from govoa.supplies.workflow import MovementKind

CLOSED_INCOMING = (IncomingStatus.COMPLETED, IncomingStatus.RETURNED, IncomingStatus.CANCELLED)
MAX_NAMED = 200  # names listed in an overdue list (the figures count them all)


def incoming_section(person: Person, period: Period, today: datetime.date) -> Section:
    """收文: received in the period, by 主办部门 — how many, completed, average days from
    receipt to 办结, on time (办结 on or before the 办理时限, of those with one), overdue
    (open past the 办理时限 today, or completed after it)."""
    first, after = period.bounds
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in IncomingDocument.objects.filter(
            department_q(person, "lead_department_id"),
            agency_id=person.agency_id,
            classification__lte=person.clearance,
            received_at__gte=first,
            received_at__lt=after,
        )
        .exclude(status=IncomingStatus.CANCELLED)
        .values("pk", "lead_department_id", "received_at", "completed_at", "deadline", "status")
    ]
    groups: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["lead_department_id"]].append(row)
    names = department_names(groups)

    def overdue(row: dict[str, Any]) -> bool:
        if row["deadline"] is None:
            return False
        if row["completed_at"] is not None:
            return local_date(row["completed_at"]) > row["deadline"]
        return row["status"] not in CLOSED_INCOMING and row["deadline"] < today

    def figures(group: list[dict[str, Any]]) -> list[Any]:
        done = [r for r in group if r["completed_at"] is not None]
        timed = [r for r in done if r["deadline"] is not None]
        on_time = [r for r in timed if local_date(r["completed_at"]) <= r["deadline"]]
        days = [days_between(r["completed_at"] - r["received_at"]) for r in done]
        average = round(sum(days) / len(days), 1) if days else None
        late = sum(1 for r in group if overdue(r))
        return [len(group), len(done), average, percent(len(on_time), len(timed)), late]

    ordered = sorted(groups, key=lambda d: names[d])
    table = [[names[d], *figures(groups[d])] for d in ordered]
    late_ids = [r["pk"] for r in rows if overdue(r)]
    listing = [
        {
            "number": d.number,
            "title": d.title,
            "department": names.get(d.lead_department_id, NO_DEPARTMENT),
            "deadline": d.deadline,
            "status": d.get_status_display(),
            "url": reverse("incoming:document_detail", args=[d.pk]),
        }
        for d in IncomingDocument.objects.filter(
            incoming_documents_visible_q(person), pk__in=late_ids
        ).order_by("deadline", "pk")[:MAX_NAMED]
    ]
    return Section(
        key="incoming",
        title="收文办理",
        columns=["主办部门", "收文数", "已办结", "平均办理天数", "按时办结率（%）", "超期数"],
        rows=table,
        totals=["合计", *figures(rows)],
        listing_title="超期收文",
        listing_columns=["收文编号", "标题", "主办部门", "办理时限", "状态"],
        listing=listing,
        chart=bar(
            [r[0] for r in table],
            {"收文数": [r[1] for r in table], "超期数": [r[5] for r in table]},
        ),
    )


def outgoing_section(person: Person, period: Period, today: datetime.date) -> Section:
    """发文: drafted in the period, by 文种 (drafted, signed); and the time each step of
    their flows took on average (hours from the item's arrival to its act), so the
    bottleneck shows."""
    first, after = period.bounds
    documents = OutgoingDocument.objects.filter(
        department_q(person, "drafting_department_id"),
        agency_id=person.agency_id,
        classification__lte=person.clearance,
        created_at__gte=first,
        created_at__lt=after,
    )
    by_type = {
        row["doc_type"]: row
        for row in documents.values("doc_type").annotate(
            drafted=Count("pk"), signed=Count("pk", filter=Q(signed_at__isnull=False))
        )
    }
    labels = dict(DocType.choices)
    table = [
        [str(labels.get(t, t)), by_type[t]["drafted"], by_type[t]["signed"]]
        for t in sorted(by_type, key=lambda t: list(labels).index(t) if t in labels else 99)
    ]
    totals = ["合计", sum(r[1] for r in table), sum(r[2] for r in table)]
    steps: dict[str, list[float]] = defaultdict(list)
    items = WorkItem.objects.filter(
        subject_type=OUTGOING_SUBJECT,
        subject_id__in=documents.values("pk"),
        done_at__isnull=False,
    ).values_list("node_name", "created_at", "done_at")
    for name, created, done in items:
        if done is not None:
            steps[name].append((done - created).total_seconds() / 3600)
    step_rows: list[dict[str, Any]] = sorted(
        (
            {"step": n, "count": len(v), "hours": round(sum(v) / len(v), 1)}
            for n, v in steps.items()
        ),
        key=lambda r: -r["hours"],
    )
    return Section(
        key="outgoing",
        title="发文办理",
        columns=["文种", "拟稿数", "已签发"],
        rows=table,
        totals=totals,
        listing_title="各环节平均用时（小时，由长到短）",
        listing_columns=["环节", "办理次数", "平均用时（小时）"],
        listing=step_rows,
        chart=bar(
            [r["step"] for r in step_rows], {"平均用时（小时）": [r["hours"] for r in step_rows]}
        ),
    )


def supervision_section(person: Person, period: Period, today: datetime.date) -> Section:
    """督办: tasks due in the period, by 责任部门 — how many, completed, completed on time,
    overdue (open past the 时限 today, or completed after it), and the rates."""
    tasks: list[dict[str, Any]] = [
        dict(row)
        for row in SupervisionTask.objects.filter(
            department_q(person, "department_id"),
            agency_id=person.agency_id,
            classification__lte=person.clearance,
            deadline__gte=period.start,
            deadline__lte=period.end,
        )
        .exclude(status=TaskStatus.CANCELLED)
        .values("pk", "department_id", "deadline", "completed_at", "status")
    ]

    def overdue(row: dict[str, Any]) -> bool:
        if row["completed_at"] is not None:
            return local_date(row["completed_at"]) > row["deadline"]
        return row["deadline"] < today

    def figures(group: list[dict[str, Any]]) -> list[Any]:
        done = [r for r in group if r["completed_at"] is not None]
        on_time = [r for r in done if not overdue(r)]
        late = [r for r in group if overdue(r)]
        return [
            len(group),
            len(done),
            len(on_time),
            len(late),
            percent(len(done), len(group)),
            percent(len(late), len(group)),
        ]

    groups: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for row in tasks:
        groups[row["department_id"]].append(row)
    names = department_names(groups)
    table = [[names[d], *figures(groups[d])] for d in sorted(groups, key=lambda d: names[d])]
    late_ids = [r["pk"] for r in tasks if overdue(r)]
    listing = [
        {
            "title": t.title,
            "department": names.get(t.department_id, NO_DEPARTMENT),
            "deadline": t.deadline,
            "status": t.get_status_display(),
            "url": reverse("supervision:task_detail", args=[t.pk]),
        }
        for t in SupervisionTask.objects.filter(tasks_visible_q(person), pk__in=late_ids).order_by(
            "deadline", "pk"
        )[:MAX_NAMED]
    ]
    return Section(
        key="supervision",
        title="督查督办",
        columns=[
            "责任部门",
            "到期事项",
            "已完成",
            "按时完成",
            "超期",
            "完成率（%）",
            "超期率（%）",
        ],
        rows=table,
        totals=["合计", *figures(tasks)],
        listing_title="超期督办事项",
        listing_columns=["事项", "责任部门", "时限", "状态"],
        listing=listing,
        chart=bar(
            [r[0] for r in table], {"已完成": [r[2] for r in table], "超期": [r[4] for r in table]}
        ),
    )


def supplies_section(person: Person, period: Period, today: datetime.date) -> Section:
    """办公用品: issued (领用) in the period, by item, and by department."""
    first, after = period.bounds
    issued = StockMovement.objects.filter(
        department_q(person, "department_id"),
        agency_id=person.agency_id,
        kind=MovementKind.ISSUE,
        created_at__gte=first,
        created_at__lt=after,
    )
    by_item = issued.values("item__name", "item__unit").annotate(quantity=Sum("quantity"))
    table = sorted(
        ([r["item__name"], r["item__unit"], -r["quantity"]] for r in by_item), key=lambda r: -r[2]
    )
    by_department = issued.values("department_id").annotate(quantity=Sum("quantity"))
    names = department_names(r["department_id"] for r in by_department)
    listing = sorted(
        (
            {"department": names[r["department_id"]], "quantity": -r["quantity"]}
            for r in by_department
        ),
        key=lambda r: -r["quantity"],
    )
    return Section(
        key="supplies",
        title="办公用品领用",
        columns=["物品", "单位", "领用数量"],
        rows=table,
        totals=["合计", "", sum(r[2] for r in table)],
        listing_title="各部门领用（件数）",
        listing_columns=["部门", "领用数量"],
        listing=listing,
        chart=bar([r[0] for r in table], {"领用数量": [r[2] for r in table]}),
    )


def seals_section(person: Person, period: Period, today: datetime.date) -> Section:
    """印章: stamped (用印) in the period, by seal — times and copies."""
    first, after = period.bounds
    usages = SealUsage.objects.filter(
        department_q(person, "department_id"),
        agency_id=person.agency_id,
        stamped_at__gte=first,
        stamped_at__lt=after,
    )
    by_seal = usages.values("seal__name").annotate(times=Count("pk"), copies=Sum("stamped_count"))
    table = sorted(
        ([r["seal__name"], r["times"], r["copies"] or 0] for r in by_seal), key=lambda r: -r[1]
    )
    return Section(
        key="seals",
        title="印章使用",
        columns=["印章", "用印次数", "用印份数"],
        rows=table,
        totals=["合计", sum(r[1] for r in table), sum(r[2] for r in table)],
        chart=bar([r[0] for r in table], {"用印次数": [r[1] for r in table]}),
    )


def checklists_section(person: Person, period: Period, today: datetime.date) -> Section:
    """三查: the checklists gone through at flow steps in the period — how many times, how
    many passed every item, and the items most often found wanting. Agency-wide figures
    (no titles), for those who see the whole agency's statistics."""
    first, after = period.bounds
    results = ChecklistResult.objects.filter(
        agency_id=person.agency_id, created_at__gte=first, created_at__lt=after
    )
    if report_departments(person) is not None:
        results = results.none()
    groups: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    wanting: dict[str, int] = defaultdict(int)
    for name, node, missing in results.values_list("name", "node_name", "missing"):
        groups[(name, node)].append(missing)
        for entry in missing:
            wanting[entry] += 1
    table = [
        [
            name,
            node,
            len(rows),
            sum(1 for m in rows if not m),
            percent(sum(1 for m in rows if not m), len(rows)),
        ]
        for (name, node), rows in sorted(groups.items())
    ]
    listing = [
        {"item": entry, "times": times}
        for entry, times in sorted(wanting.items(), key=lambda kv: -kv[1])
    ]
    checked = sum(len(rows) for rows in groups.values())
    passed = sum(1 for rows in groups.values() for m in rows if not m)
    return Section(
        key="checklists",
        title="质量检查（三查）",
        columns=["检查清单", "环节", "检查次数", "全部通过", "通过率（%）"],
        rows=table,
        totals=["合计", "", checked, passed, percent(passed, checked)],
        listing_title="未通过的检查项",
        listing_columns=["检查项", "次数"],
        listing=listing,
        chart=bar(
            [f"{r[0]}·{r[1]}" for r in table],
            {"检查次数": [r[2] for r in table], "全部通过": [r[3] for r in table]},
        ),
    )


SectionFunction = Callable[[Person, Period, datetime.date], Section]
SECTIONS: dict[str, SectionFunction] = {
    "incoming": incoming_section,
    "outgoing": outgoing_section,
    "supervision": supervision_section,
    "supplies": supplies_section,
    "seals": seals_section,
    "checklists": checklists_section,
    "meetings": meetings_section,
}


def statistics(
    *, person: Person, period: Period, keys: Iterable[str] | None = None
) -> list[Section]:
    """The sections asked for (all by default), or none for someone without a scope."""
    scope = report_departments(person)
    if scope is not None and not scope:
        return []
    today = timezone.localdate()
    wanted = list(keys) if keys else list(SECTIONS)
    return [SECTIONS[key](person, period, today) for key in wanted if key in SECTIONS]
