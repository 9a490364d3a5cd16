"""督办 in the generated agency: years of completed tasks (inserted in bulk: the task, its two
steps, a progress report and the 办结报告, a 复盘 for some) and the tasks still under way,
which go through the real services (so their flows, work items and messages are real).

Simplification: a completed task of the history has no flow rows (its 办理过程 is empty);
the ledger, the bulletins, the 办事经验 library and the API read the task rows only."""

import datetime
import random
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from govoa.demo.loadgen.agency import Org
from govoa.demo.loadgen.scales import Scale
from govoa.org.models import Person
from govoa.supervision.models import ProgressReport, SupervisionTask, TaskReview, TaskStep
from govoa.supervision.services.tasks import (
    TaskData,
    supervision_task_create,
    task_confirm,
    task_sign,
)
from govoa.supervision.workflow import ReportKind, SourceKind, TaskStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
BATCH = 2_000
GOALS = [
    "形成工作方案",
    "完成专项调研并报送报告",
    "组织开展专项检查",
    "提出政策建议",
    "完成数据汇总分析",
]


def _finished_task(
    org: Org, rng: random.Random, topic: str, created: datetime.datetime
) -> SupervisionTask:
    department = rng.choice(org.business)
    deputy = org.deputy_for(department)
    deadline = timezone.localdate(created) + datetime.timedelta(days=rng.randint(10, 45))
    done = created + datetime.timedelta(days=rng.randint(5, 50))
    return SupervisionTask(
        agency_id=org.agency.pk,
        title=f"关于{topic}的督办事项",
        source_kind=rng.choice(SourceKind.values),
        goal=rng.choice(GOALS),
        deadline=deadline,
        original_deadline=deadline,
        deliverables="工作报告",
        assigner_id=deputy,
        owner_id=org.heads[department],
        department_id=department,
        leader_id=deputy,
        status=TaskStatus.COMPLETED,
        created_by_id=deputy,
        created_at=created,
        started_at=created + datetime.timedelta(days=1),
        completed_at=done,
        last_report_at=done,
    )


def _children(
    task: SupervisionTask, org: Org, rng: random.Random
) -> tuple[list[Any], list[Any], list[Any]]:
    started = task.started_at or task.created_at
    done = task.completed_at or started
    start = timezone.localdate(started)
    members = org.members.get(task.department_id) or [task.owner_id]
    steps = [
        TaskStep(
            task=task,
            order=n + 1,
            title=title,
            owner_id=rng.choice(members),
            starts_on=start + datetime.timedelta(days=n * 5),
            milestone=start + datetime.timedelta(days=n * 5 + 4),
            done_on=start + datetime.timedelta(days=n * 5 + rng.randint(2, 6)),
        )
        for n, title in enumerate(["调研摸底", "起草形成初稿"])
    ]
    reports = [
        ProgressReport(
            task=task,
            kind=ReportKind.PERIODIC,
            author_id=task.owner_id,
            progress="已完成调研摸底",
            next_steps="起草初稿",
            percent=50,
            created_at=started + datetime.timedelta(days=7),
        ),
        ProgressReport(
            task=task,
            kind=ReportKind.FINAL,
            author_id=task.owner_id,
            percent=100,
            conclusion="任务已完成",
            data=f"涉及项目 {rng.randint(5, 200)} 个",
            suggestions="建议按期通报",
            created_at=done,
        ),
    ]
    reviews = (
        [
            TaskReview(
                task=task,
                author_id=task.owner_id,
                difficulties="数据口径不一",
                improvements="提前统一口径",
                keywords="口径 调研",
                created_at=done,
            )
        ]
        if rng.random() < 0.3
        else []
    )
    return steps, reports, reviews


# The open tasks go through the services, about half a second each on the loaded 2-core
# machine: a few per department is what the lists need, not one per three open 收文 of a large
# agency (833 at ``large``, seven minutes of its build).
OPEN_TASKS_CAP = 120


def open_task_count(scale: Scale) -> int:
    return min(max(scale.open_incoming // 3, 2), OPEN_TASKS_CAP)


def grow_supervision(
    org: Org, scale: Scale, rng: random.Random, topics: list[str]
) -> dict[str, int]:
    """Completed tasks (a tenth as many as finished 收文) spread over the years, then the open
    ones (a third as many as open 收文, at most ``OPEN_TASKS_CAP``) through the services."""
    now = timezone.now()
    finished = max(scale.incoming // 10, 2)
    span = datetime.timedelta(days=365 * scale.years)
    moments = sorted(
        now - span * rng.random() - datetime.timedelta(days=60) for _ in range(finished)
    )
    counts = {"supervision.SupervisionTask": 0, "supervision.ProgressReport": 0}
    for first in range(0, finished, BATCH):
        with transaction.atomic():
            tasks = SupervisionTask.objects.bulk_create(
                [
                    _finished_task(org, rng, rng.choice(topics), m)
                    for m in moments[first : first + BATCH]
                ]
            )
            steps, reports, reviews = [], [], []
            for task in tasks:
                s, r, v = _children(task, org, rng)
                steps += s
                reports += r
                reviews += v
            TaskStep.objects.bulk_create(steps)
            ProgressReport.objects.bulk_create(reports)
            TaskReview.objects.bulk_create(reviews)
        counts["supervision.SupervisionTask"] += len(tasks)
        counts["supervision.ProgressReport"] += len(reports)
    people = {p.pk: p for p in Person.objects.filter(pk__in=[*org.deputies, *org.heads.values()])}
    for n in range(open_task_count(scale)):
        department = org.business[n % len(org.business)]
        deputy, head = people[org.deputy_for(department)], people[org.heads[department]]
        task = supervision_task_create(
            actor=deputy,
            data=TaskData(
                title=f"关于{rng.choice(topics)}的督办事项（在办）",
                goal=rng.choice(GOALS),
                deadline=timezone.localdate() + datetime.timedelta(days=rng.randint(1, 40)),
                deliverables="工作报告",
                owner_id=head.pk,
                leader_id=deputy.pk,
            ),
        )
        if n % 4:  # a quarter still await the owner's confirmation
            task_confirm(actor=head, task=task)
            task_sign(actor=deputy, task=task)
        counts["supervision.SupervisionTask"] += 1
    return counts
