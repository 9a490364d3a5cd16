"""督办's part of 日程 (registered with ``core.agenda``): the deadlines of one's tasks, the
milestones of one's steps and the due dates of one's open work items; the 四象限 of one's
work; and the ICS feed built from the whole agenda."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from govoa.core.agenda import AgendaEntry, agenda_for, register_agenda_source
from govoa.core.vocabulary import Classification
from govoa.flow.models import WorkItem
from govoa.flow.policies import cleared_q
from govoa.flow.workflow import ItemStatus
from govoa.org.models import Person
from govoa.org.policies import may_handle_business
from govoa.supervision.models import PlanningFlag, SupervisionTask, TaskStep
from govoa.supervision.workflow import CLOSED, DUE_SOON_DAYS

LIMIT = 500
# The standard: keep 10–15 % of the week free for what comes up (shown, not enforced).
WEEK_HOURS = 40
RESERVE = (0.10, 0.15)


def _mine(person: Person) -> Q:
    return Q(owner_id=person.pk) | Q(assigner_id=person.pk) | Q(leader_id=person.pk)


def supervision_agenda(
    person: Person, first: datetime.date, last: datetime.date
) -> list[AgendaEntry]:
    if not may_handle_business(person):
        return []
    tasks = (
        SupervisionTask.objects.filter(
            _mine(person),
            agency_id=person.agency_id,
            classification__lte=person.clearance,
            deadline__range=(first, last),
        )
        .exclude(status__in=CLOSED)
        .order_by("deadline", "pk")[:LIMIT]
    )
    entries = [
        AgendaEntry(
            uid=f"supervision-task-{t.pk}@govoa",
            day=t.deadline,
            title=f"督办时限：{t.title}",
            kind="督办时限",
            url=f"/supervision/{t.pk}/",
            classification=t.classification,
        )
        for t in tasks
    ]
    steps = (
        TaskStep.objects.filter(
            owner_id=person.pk,
            done_on__isnull=True,
            milestone__range=(first, last),
            task__classification__lte=person.clearance,
        )
        .exclude(task__status__in=CLOSED)
        .select_related("task")
        .order_by("milestone", "pk")[:LIMIT]
    )
    entries += [
        AgendaEntry(
            uid=f"supervision-step-{s.pk}@govoa",
            day=s.milestone,
            title=f"步骤节点：{s.title}（{s.task.title}）",
            kind="步骤节点",
            url=f"/supervision/{s.task_id}/",
            classification=s.task.classification,
        )
        for s in steps
    ]
    items = (
        WorkItem.objects.filter(
            cleared_q(person),
            assignee_id=person.pk,
            status=ItemStatus.OPEN,
            due_date__range=(first, last),
        )
        .select_related("instance")
        .order_by("due_date", "pk")[:LIMIT]
    )
    entries += [
        AgendaEntry(
            uid=f"flow-item-{i.pk}@govoa",
            day=i.due_date,
            title=f"待办期限：{i.node_name}《{i.instance.title}》",
            kind="待办期限",
            url=f"/flow/items/{i.pk}/",
            classification=i.instance.classification,
        )
        for i in items
        if i.due_date is not None
    ]
    return entries


register_agenda_source("supervision", supervision_agenda)


def _summary(entry: AgendaEntry) -> str:
    """What leaves the system in a feed: the title of a 秘密+ matter never does."""
    if entry.classification >= Classification.SECRET:
        return f"{entry.kind}：涉密事项（请登录系统查看）"
    return entry.title


def ics_feed(person: Person, *, base_url: str, today: datetime.date | None = None) -> bytes:
    """The person's agenda from 30 days ago to 180 days ahead, as iCalendar (RFC 5545)."""
    today = today or timezone.localdate()
    entries = agenda_for(
        person, today - datetime.timedelta(days=30), today + datetime.timedelta(days=180)
    )
    calendar = Calendar()
    calendar.add("prodid", "-//GovOA//日程//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{person.real_name}的日程（GovOA）")
    stamp = timezone.now()
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        if entry.starts is not None:
            event.add("dtstart", entry.starts)
            event.add("dtend", entry.ends or entry.starts + datetime.timedelta(hours=1))
        else:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + datetime.timedelta(days=1))
        event.add("summary", _summary(entry))
        event.add("categories", [entry.kind])
        if entry.url:
            event.add("url", base_url.rstrip("/") + entry.url)
        calendar.add_component(event)
    return calendar.to_ical()


@dataclass(frozen=True)
class WeekLoad:
    booked_hours: float
    reserve_low: float
    reserve_high: float

    @property
    def free_hours(self) -> float:
        return max(WEEK_HOURS - self.booked_hours, 0)

    @property
    def reserve_kept(self) -> bool:
        return self.free_hours >= self.reserve_low


def week_load(entries: list[AgendaEntry]) -> WeekLoad:
    booked = sum(
        ((e.ends - e.starts).total_seconds() / 3600)
        for e in entries
        if e.starts is not None and e.ends is not None
    )
    return WeekLoad(round(booked, 1), WEEK_HOURS * RESERVE[0], WEEK_HOURS * RESERVE[1])


@dataclass(frozen=True)
class QuadrantRow:
    kind: str  # PlanningFlag.Target
    id: int
    title: str
    due: datetime.date | None
    url: str
    important: bool
    urgent: bool


def quadrants(person: Person, today: datetime.date) -> dict[str, list[QuadrantRow]]:
    """四象限 of one's open work: one's own marks where set; otherwise 紧急 = due within
    three days (or marked 急 on the flow) and 重要 = not yet said."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    items = list(
        WorkItem.objects.filter(cleared_q(person), assignee_id=person.pk, status=ItemStatus.OPEN)
        .select_related("instance")
        .order_by("due_date", "pk")[:LIMIT]
    )
    tasks = list(
        SupervisionTask.objects.filter(owner_id=person.pk, classification__lte=person.clearance)
        .exclude(status__in=CLOSED)
        .order_by("deadline", "pk")[:LIMIT]
    )
    flags = {
        (f.target, f.target_id): f
        for f in PlanningFlag.objects.filter(person=person).filter(
            Q(target="work_item", target_id__in=[i.pk for i in items])
            | Q(target="task", target_id__in=[t.pk for t in tasks])
        )
    }
    rows = []
    for i in items:
        flag = flags.get(("work_item", i.pk))
        due_soon = i.due_date is not None and i.due_date <= soon
        rows.append(
            QuadrantRow(
                "work_item",
                i.pk,
                f"{i.node_name}《{i.instance.title}》",
                i.due_date,
                f"/flow/items/{i.pk}/",
                flag.important if flag else False,
                flag.urgent if flag else (due_soon or i.instance.urgent),
            )
        )
    for t in tasks:
        flag = flags.get(("task", t.pk))
        rows.append(
            QuadrantRow(
                "task",
                t.pk,
                f"督办：{t.title}",
                t.deadline,
                f"/supervision/{t.pk}/",
                flag.important if flag else False,
                flag.urgent if flag else t.deadline <= soon,
            )
        )
    grid: dict[str, list[QuadrantRow]] = {"iu": [], "in": [], "nu": [], "nn": []}
    for row in rows:
        grid[("i" if row.important else "n") + ("u" if row.urgent else "n")].append(row)
    return grid


@dataclass(frozen=True)
class ItemMarks:
    """What a work item's row says at a glance: the 四象限's marks and its due state."""

    important: bool = False
    urgent: bool = False
    overdue: bool = False
    due_soon: bool = False


def work_item_marks(
    person: Person, items: list[WorkItem], today: datetime.date
) -> dict[int, ItemMarks]:
    """The marks of the rows of a page of one's work items (the workbench's lists): one's
    own 重要/紧急 where set (one query for the page), and 已逾期 / 即将到期 (within three
    days) from the due date — the same judgement as the 四象限."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    flags = {
        f.target_id: f
        for f in PlanningFlag.objects.filter(
            person=person,
            target=PlanningFlag.Target.WORK_ITEM,
            target_id__in=[i.pk for i in items],
        )
    }
    marks = {}
    for item in items:
        flag = flags.get(item.pk)
        due = item.due_date if item.status == ItemStatus.OPEN else None
        marks[item.pk] = ItemMarks(
            important=bool(flag and flag.important),
            urgent=bool(flag and flag.urgent),
            overdue=due is not None and due < today,
            due_soon=due is not None and today <= due <= soon,
        )
    return marks
