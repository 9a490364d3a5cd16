"""Reads of 督办 tasks, always through ``policies.tasks_visible_q``. The 督办台账 pages by
keyset (newest first, ``before=<id>``) and never counts history."""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from govoa.core.errors import NotFound
from govoa.flow.models import FlowInstance
from govoa.org.models import Person
from govoa.supervision.models import (
    ProgressReport,
    SupervisionTask,
    TaskAttachment,
    TaskExtension,
    TaskReview,
    TaskStep,
)
from govoa.supervision.policies import SUBJECT_TYPE, tasks_visible_q
from govoa.supervision.workflow import (
    DUE_SOON_DAYS,
    NOT_STARTED,
    UNDER_WAY,
    Glance,
    TaskStatus,
)


@dataclass(frozen=True)
class LedgerFilters:
    department_id: int | None = None
    leader_id: int | None = None
    owner_id: int | None = None
    source: str = ""
    glance: str = ""
    query: str = ""


def _glance_q(glance: str, today: datetime.date) -> Q:
    """The tasks ``workflow.glance`` shows as ``glance`` (the same order of precedence:
    已逾期 and 即将到期 before 已延期, and 进行中 only when not extended)."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    under_way = Q(status__in=UNDER_WAY)
    ahead = under_way & Q(deadline__gt=soon)
    extended = ~Q(deadline=F("original_deadline"))
    table: dict[str, Q] = {
        Glance.NOT_STARTED: Q(status__in=NOT_STARTED),
        Glance.IN_PROGRESS: ahead & ~extended,
        Glance.DUE_SOON: under_way & Q(deadline__gte=today, deadline__lte=soon),
        Glance.OVERDUE: under_way & Q(deadline__lt=today),
        Glance.COMPLETED: Q(status=TaskStatus.COMPLETED),
        Glance.EXTENDED: ahead & extended,
        Glance.CANCELLED: Q(status=TaskStatus.CANCELLED),
    }
    return table.get(glance, Q())


def task_list(*, person: Person, filters: LedgerFilters) -> QuerySet[SupervisionTask]:
    qs = SupervisionTask.objects.filter(tasks_visible_q(person))
    if filters.department_id:
        qs = qs.filter(department_id=filters.department_id)
    if filters.leader_id:
        qs = qs.filter(leader_id=filters.leader_id)
    if filters.owner_id:
        qs = qs.filter(owner_id=filters.owner_id)
    if filters.source:
        qs = qs.filter(source_kind=filters.source)
    if filters.glance:
        qs = qs.filter(_glance_q(filters.glance, timezone.localdate()))
    if filters.query:
        qs = qs.filter(title__icontains=filters.query)
    return qs.select_related("owner", "assigner", "leader", "department").order_by("-pk")


def keyset_page(
    qs: QuerySet[SupervisionTask], *, before: int | None, size: int
) -> tuple[list[SupervisionTask], int | None]:
    """One page of a list ordered newest first, and the cursor of the next (or None)."""
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs[: size + 1])
    if len(rows) > size:
        return rows[:size], rows[size - 1].pk
    return rows, None


def task_get_for_person(*, person: Person, pk: int) -> SupervisionTask:
    task = (
        SupervisionTask.objects.filter(tasks_visible_q(person), pk=pk)
        .select_related("owner", "assigner", "leader", "department", "agency", "created_by")
        .first()
    )
    if task is None:
        raise NotFound()
    return task


def steps_of(task: SupervisionTask) -> list[TaskStep]:
    return list(task.steps.select_related("owner"))


def reports_of(task: SupervisionTask) -> list[ProgressReport]:
    return list(task.reports.select_related("author"))


def extensions_of(task: SupervisionTask) -> list[TaskExtension]:
    return list(task.extensions.select_related("requested_by", "decided_by"))


def review_of(task: SupervisionTask) -> TaskReview | None:
    return TaskReview.objects.filter(task=task).select_related("author").first()


def instances_of(task: SupervisionTask) -> list[FlowInstance]:
    return list(
        FlowInstance.objects.filter(subject_type=SUBJECT_TYPE, subject_id=task.pk)
        .select_related("template")
        .order_by("started_at", "pk")
    )


def review_search(*, person: Person, query: str = "") -> QuerySet[TaskReview]:
    """办事经验: reviews of the tasks the person may see, matching the words of ``query``."""
    qs = TaskReview.objects.filter(task__in=SupervisionTask.objects.filter(tasks_visible_q(person)))
    for word in query.split()[:5]:
        qs = qs.filter(
            Q(task__title__icontains=word)
            | Q(difficulties__icontains=word)
            | Q(improvements__icontains=word)
            | Q(experience__icontains=word)
            | Q(keywords__icontains=word)
        )
    return qs.select_related("task", "author", "task__department").order_by("-pk")


def attachments_of(task: SupervisionTask) -> list[TaskAttachment]:
    return list(task.attachments.select_related("file", "added_by"))


def attachment_get_for_person(*, person: Person, task_id: int, pk: int) -> TaskAttachment:
    task = task_get_for_person(person=person, pk=task_id)
    found = task.attachments.select_related("file", "task").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found
