"""A fixed data set for the statistics and the 督查通报, in the month of the frozen today
(2026-11, today the 16th). The expected figures, computed by hand, are in the tests."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from govoa.core.vocabulary import Classification
from govoa.incoming.models import IncomingDocument
from govoa.incoming.workflow import Status
from govoa.meetings.models import Meeting, MeetingPlan
from govoa.meetings.workflow import MeetingStatus, PlanStatus
from govoa.supervision.models import SupervisionTask
from govoa.supervision.workflow import TaskStatus
from govoa.supplies.services.stock import stock_issue
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.incoming import register
from govoa.testing.outgoing import draft
from govoa.testing.supervision import assign
from govoa.testing.supplies import make_item, supplies_cast

MONTH_START = FROZEN_TODAY.replace(day=1)


def day(n: int, hour: int = 9) -> datetime.datetime:
    """The ``n``-th of the frozen month (n ≤ 0: days before it), at ``hour`` local time."""
    date = MONTH_START + datetime.timedelta(days=n - 1)
    return datetime.datetime.combine(
        date, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


@dataclass
class Dataset:
    overdue_incoming: list[IncomingDocument]
    overdue_tasks: list[SupervisionTask]


def _incoming(people: Any, n: int, department: Any, **state: Any) -> IncomingDocument:
    received = state.pop("received")
    classification = state.pop("classification", Classification.NONE)
    document = register(
        people,
        title=f"统计样本收文{n}",
        source_number=f"样本〔2026〕{n}号",
        received_at=received,
        written_on=received.date() - datetime.timedelta(days=1),
        classification=classification,
        secrecy_period="1年" if classification >= Classification.SECRET else "",
    )
    IncomingDocument.objects.filter(pk=document.pk).update(lead_department=department, **state)
    document.refresh_from_db()
    return document


def build(people: Any) -> Dataset:
    planning, energy = people.planning, people.energy
    done = Status.COMPLETED
    # 规划处: 4.0 days on time; 5.0 days late; open past its deadline.
    _incoming(
        people,
        1,
        planning,
        received=day(2),
        deadline=day(10).date(),
        status=done,
        completed_at=day(6),
    )
    late = _incoming(
        people,
        2,
        planning,
        received=day(3),
        deadline=day(5).date(),
        status=done,
        completed_at=day(8),
    )
    open_late = _incoming(
        people, 3, planning, received=day(4), deadline=day(12).date(), status=Status.HANDLING
    )
    # 能源处: open, not yet due; 秘密, 3.0 days on time; last month's (not counted).
    _incoming(people, 4, energy, received=day(5), deadline=day(30).date(), status=Status.HANDLING)
    _incoming(
        people,
        5,
        energy,
        received=day(6),
        deadline=day(20).date(),
        status=done,
        completed_at=day(9),
        classification=Classification.SECRET,
    )
    _incoming(people, 6, energy, received=day(-3), deadline=day(1).date(), status=Status.HANDLING)

    tasks = []
    for n, (deadline, completed, status) in enumerate(
        [
            (day(10).date(), day(9), TaskStatus.COMPLETED),
            (day(12).date(), day(14), TaskStatus.COMPLETED),
            (day(13).date(), None, TaskStatus.IN_PROGRESS),
            (day(25).date(), None, TaskStatus.IN_PROGRESS),
            (day(35).date(), None, TaskStatus.IN_PROGRESS),  # next month: not counted
        ],
        start=1,
    ):
        task = assign(people, title=f"统计样本督办事项{n}")
        SupervisionTask.objects.filter(pk=task.pk).update(
            deadline=deadline, original_deadline=deadline, completed_at=completed, status=status
        )
        tasks.append(task)

    draft(people, title="关于统计样本一的通知")
    signed = draft(people, title="关于统计样本二的通知")
    draft(people, title="关于统计样本三的函", doc_type="letter")
    type(signed).objects.filter(pk=signed.pk).update(signed_at=timezone.now())

    cast = supplies_cast(people)
    paper = make_item(cast.keeper, "BG-001", stock=50)
    pens = make_item(cast.keeper, "BG-002", name="签字笔", unit="支", stock=50)
    for item, quantity, department in (
        (paper, 3, planning),
        (paper, 2, energy),
        (pens, 10, planning),
    ):
        stock_issue(
            actor=cast.keeper,
            item_id=item.pk,
            quantity=quantity,
            department_id=department.pk,
            receiver_id=people.staff.pk,
            note="日常办公",
        )
    _meetings(people)
    return Dataset(overdue_incoming=[late, open_late], overdue_tasks=tasks[1:3])


def _plan(people: Any, name: str, department: Any, window: tuple[int, int], **extra: Any) -> Any:
    first, last = window
    return MeetingPlan.objects.create(
        agency=people.agency,
        year=MONTH_START.year,
        department=department,
        name=name,
        content="统计样本",
        window_start=day(first).date(),
        window_end=day(last).date(),
        attendee_scope="处室全体",
        scale=20,
        status=extra.pop("status", PlanStatus.APPROVED),
        created_by=people.dept_head,
    )


def _meeting(people: Any, title: str, department: Any, on: int, plan: Any = None, **extra: Any):
    starts = day(on)
    return Meeting.objects.create(
        agency=people.agency,
        plan=plan,
        ad_hoc_reason="" if plan else "临时工作需要",
        title=title,
        department=department,
        organiser=people.dept_head,
        chair=people.deputy,
        approver=people.deputy,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="第一会议室",
        agenda="统计样本",
        expected_outcome="统计样本",
        status=extra.pop("status", MeetingStatus.CLOSED),
        classification=extra.pop("classification", Classification.NONE),
    )


def _meetings(people: Any) -> None:
    """会议 against the annual plan. Plans due this month (计划时间（止） in the month):
    规划处 4 — held in its window; held late (13th, window to the 12th); not held; held in its
    window but 秘密. 能源处 2 — its meeting still to come (the 20th); its meeting cancelled.
    Not counted: last month's plan; a plan still under review. Meetings outside any plan held
    this month: 规划处 1, 能源处 1 (not: one to come, last month's, one not approved)."""
    planning, energy = people.planning, people.energy
    held = _plan(people, "规划处月度调度会", planning, (2, 10))
    _meeting(people, "规划处月度调度会", planning, 5, held)
    late = _plan(people, "项目谋划推进会", planning, (1, 12))
    _meeting(people, "项目谋划推进会", planning, 13, late, status=MeetingStatus.APPROVED)
    _plan(people, "年度总结预备会", planning, (3, 14))
    secret = _plan(people, "重点项目保密工作会", planning, (5, 9))
    _meeting(
        people, "重点项目保密工作会", planning, 6, secret, classification=Classification.SECRET
    )
    coming = _plan(people, "能源保供协调会", energy, (1, 30))
    _meeting(people, "能源保供协调会", energy, 20, coming, status=MeetingStatus.APPROVED)
    cancelled = _plan(people, "迎峰度冬部署会", energy, (1, 8))
    _meeting(people, "迎峰度冬部署会", energy, 4, cancelled, status=MeetingStatus.CANCELLED)
    _plan(people, "十月例会", planning, (-30, 0))  # last month's
    _plan(people, "待审的计划会议", planning, (2, 20), status=PlanStatus.REVIEWING)
    _meeting(people, "临时调度会", planning, 3)
    _meeting(people, "临时协调会", energy, 11, status=MeetingStatus.APPROVED)
    _meeting(people, "下旬临时会", energy, 25, status=MeetingStatus.APPROVED)  # to come
    _meeting(people, "上月临时会", planning, -2)  # last month
    _meeting(people, "未批准的临时会", planning, 4, status=MeetingStatus.REJECTED)
