"""会议：实际召开与年度计划 (issue 14). The approved plan entries due in the period (their
计划时间（止） falls in it), by 主办部门: how many were held (a meeting under the plan, approved
or closed, has begun), how many within the plan's window; and the meetings held in the period
outside any plan (临时会议). Only meetings within the person's clearance count; plan entries
carry no 密级 (the annual plan is an open list)."""

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from govoa.meetings.models import Meeting, MeetingPlan
from govoa.meetings.workflow import HOLDING, PlanStatus
from govoa.org.models import Person
from govoa.reports.period import Period
from govoa.reports.policies import department_q
from govoa.reports.sections import Section, bar, department_names, local_date, percent

MAX_NAMED = 200  # plan entries named in the list of those not held


def meetings_section(person: Person, period: Period, today: datetime.date) -> Section:
    plans: list[dict[str, Any]] = [
        dict(row)
        for row in MeetingPlan.objects.filter(
            department_q(person, "department_id"),
            agency_id=person.agency_id,
            year__in=range(period.start.year, period.end.year + 1),  # the plan's index
            status=PlanStatus.APPROVED,
            window_end__gte=period.start,
            window_end__lte=period.end,
        ).values("pk", "department_id", "name", "window_start", "window_end")
    ]
    held_q = Q(
        status__in=HOLDING, starts_at__lt=timezone.now(), classification__lte=person.clearance
    )
    held: dict[int, list[datetime.date]] = defaultdict(list)
    for plan_id, starts_at in Meeting.objects.filter(
        held_q, plan_id__in=[p["pk"] for p in plans]
    ).values_list("plan_id", "starts_at"):
        held[plan_id].append(local_date(starts_at))
    first, after = period.bounds
    ad_hoc: dict[int | None, int] = {
        row["department_id"]: row["n"]
        for row in Meeting.objects.filter(
            held_q,
            department_q(person, "department_id"),
            agency_id=person.agency_id,
            plan__isnull=True,
            starts_at__gte=first,
            starts_at__lt=after,
        )
        .values("department_id")
        .annotate(n=Count("pk"))
    }

    def on_time(plan: dict[str, Any]) -> bool:
        return any(plan["window_start"] <= d <= plan["window_end"] for d in held[plan["pk"]])

    by_department: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for plan in plans:
        by_department[plan["department_id"]].append(plan)
    names = department_names({*by_department, *ad_hoc})

    def figures(department: int | None) -> list[Any]:
        due = by_department.get(department, [])
        done = [p for p in due if held[p["pk"]]]
        timely = [p for p in done if on_time(p)]
        return [len(due), len(done), len(timely), percent(len(done), len(due))]

    ordered = sorted(names, key=lambda d: names[d])
    table = [[names[d], *figures(d), ad_hoc.get(d, 0)] for d in ordered]
    due, done, timely = (sum(r[i] for r in table) for i in (1, 2, 3))
    missed = sorted((p for p in plans if not held[p["pk"]]), key=lambda p: p["window_end"])
    listing = [
        {
            "name": p["name"],
            "department": names[p["department_id"]],
            "window": f"{p['window_start']:%Y-%m-%d} 至 {p['window_end']:%Y-%m-%d}",
        }
        for p in missed[:MAX_NAMED]
    ]
    return Section(
        key="meetings",
        title="会议计划",
        columns=["部门", "计划到期", "已召开", "按期召开", "计划完成率（%）", "计划外会议"],
        rows=table,
        totals=["合计", due, done, timely, percent(done, due), sum(r[5] for r in table)],
        listing_title="未召开的计划会议",
        listing_columns=["会议名称", "主办部门", "计划时间"],
        listing=listing,
        chart=bar(
            [r[0] for r in table],
            {"计划到期": [r[1] for r in table], "已召开": [r[2] for r in table]},
        ),
    )
