"""分解 and 反馈: the 步骤清单 (steps with owner and milestone) and 进展汇报."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.notify.services import notify
from govoa.org.models import Person, PersonStatus
from govoa.supervision.models import ProgressReport, SupervisionTask, TaskStep
from govoa.supervision.policies import can_plan_steps, can_report
from govoa.supervision.services.trail import task_trail_note
from govoa.supervision.workflow import CLOSED, ReportKind, TaskStatus

# A step may have begun before the task was written down (work already under way), but not
# more than a year before.
STEP_LEAD = datetime.timedelta(days=365)


@dataclass(frozen=True)
class StepData:
    title: str
    owner_id: int
    starts_on: datetime.date
    milestone: datetime.date


def _locked(task: SupervisionTask) -> SupervisionTask:
    return SupervisionTask.objects.select_for_update().get(pk=task.pk)


def task_step_add(*, actor: Person, task: SupervisionTask, data: StepData) -> TaskStep:
    title = (data.title or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = ["请填写步骤。"]
    elif len(title) > 200:
        errors["title"] = ["不能超过 200 字。"]
    if data.milestone < data.starts_on:
        errors["milestone"] = ["节点日期不能早于开始日期。"]
    earliest = timezone.localdate(task.created_at) - STEP_LEAD
    if data.starts_on < earliest:
        errors["starts_on"] = [f"开始日期不能早于 {earliest:%Y-%m-%d}（立项前一年）。"]
    owner = Person.objects.filter(
        pk=data.owner_id, agency_id=task.agency_id, status=PersonStatus.ACTIVE
    ).first()
    if owner is None or owner.security_admin_role is not None:
        errors["owner"] = ["请选择本机关在职人员。"]
    elif owner.clearance < task.classification:
        errors["owner"] = [f"{owner.real_name}的涉密等级不足。"]
    if errors or owner is None:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        task = _locked(task)
        if not can_plan_steps(actor, task):
            raise audit_denied(
                action="supervision.step.add",
                actor=actor,
                obj=task,
                reason="只有承办人或交办人可以分解任务，且任务尚未结束。",
            )
        if data.milestone > task.deadline:
            # 步骤清单 serves the 时限: a step beyond it needs an extension first.
            limit = f"节点日期不能晚于任务时限 {task.deadline:%Y-%m-%d}"
            raise ValidationFailed(fields={"milestone": [f"{limit}；需要更多时间请先申请延期。"]})
        last = task.steps.aggregate(m=Max("order"))["m"] or 0
        step = TaskStep.objects.create(
            task=task,
            order=last + 1,
            title=title,
            owner=owner,
            starts_on=data.starts_on,
            milestone=data.milestone,
        )
        audit_record(
            action="supervision.step.add",
            actor=actor,
            obj=task,
            details={"step": step.pk, "title": title, "milestone": data.milestone.isoformat()},
        )
        task_trail_note(
            actor,
            task,
            "分解任务",
            f"{title}（{owner.real_name}，节点 {data.milestone:%Y-%m-%d}）",
            step=step.pk,
        )
    return step


def task_step_complete(*, actor: Person, task: SupervisionTask, step_id: int) -> TaskStep:
    """A step is done: its owner, the task's owner or its assigner says so."""
    with transaction.atomic():
        task = _locked(task)
        step = task.steps.filter(pk=step_id).first()
        if step is None:
            raise NotFound("该步骤不存在。")
        if actor.pk != step.owner_id and not can_plan_steps(actor, task):
            raise audit_denied(
                action="supervision.step.complete",
                actor=actor,
                obj=task,
                reason="只有步骤负责人、承办人或交办人可以标记完成。",
            )
        if step.done_on is not None:
            raise TransitionNotAllowed("该步骤已经完成。")
        if task.status in CLOSED:
            raise TransitionNotAllowed(f"任务{task.get_status_display()}，不能再标记步骤。")
        step.done_on = timezone.localdate()
        step.save(update_fields=["done_on"])
        audit_record(
            action="supervision.step.complete",
            actor=actor,
            obj=task,
            details={"step": step.pk, "title": step.title},
        )
        task_trail_note(actor, task, "完成步骤", step.title, step=step.pk)
    return step


@dataclass(frozen=True)
class ReportData:
    progress: str
    problems: str = ""
    next_steps: str = ""
    percent: int = 0


def task_report_progress(
    *, actor: Person, task: SupervisionTask, data: ReportData
) -> ProgressReport:
    """进展汇报 (进展/问题/下步计划): by the owner, while the task is under way; the
    assigner and the supervising leader are told."""
    progress = (data.progress or "").strip()
    errors: dict[str, list[str]] = {}
    if not progress:
        errors["progress"] = ["请填写进展。"]
    for key in ("progress", "problems", "next_steps"):
        if len((getattr(data, key) or "").strip()) > 5000:
            errors[key] = ["不能超过 5000 字。"]
    if not 0 <= data.percent <= 100:
        errors["percent"] = ["完成比例应为 0 至 100。"]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        task = _locked(task)
        if not can_report(actor, task):
            if task.owner_id == actor.pk and task.status != TaskStatus.IN_PROGRESS:
                raise TransitionNotAllowed("任务不在办理中，不能汇报进展。")
            raise audit_denied(
                action="supervision.report.progress",
                actor=actor,
                obj=task,
                reason="只有承办人可以汇报进展。",
            )
        report = ProgressReport.objects.create(
            task=task,
            kind=ReportKind.PERIODIC,
            author=actor,
            progress=progress,
            problems=(data.problems or "").strip(),
            next_steps=(data.next_steps or "").strip(),
            percent=data.percent,
        )
        task.last_report_at, task.report_reminded_at = report.created_at, None
        task.save(update_fields=["last_report_at", "report_reminded_at"])
        audit_record(
            action="supervision.report.progress",
            actor=actor,
            obj=task,
            details={"report": report.pk, "percent": data.percent},
        )
        task_trail_note(
            actor, task, "汇报进展", f"完成 {data.percent}%。{progress[:200]}", report=report.pk
        )
        notify(
            recipients=[p for p in (task.assigner, task.leader) if p is not None],
            kind="supervision.report.progress",
            title=f"进展汇报：{task.title}",
            body=progress[:200],
            url=f"/supervision/{task.pk}/",
            agency_id=task.agency_id,
            classification=task.classification,
        )
    return report


def remind_unreported(today: datetime.date | None = None) -> int:
    """Tasks under way whose owner has not reported within the task's period (weekly by
    default): the owner is reminded once per period. Returns how many were reminded."""
    now = timezone.now()
    reminded = 0
    candidates = SupervisionTask.objects.filter(
        status=TaskStatus.IN_PROGRESS, started_at__isnull=False
    ).values_list("pk", flat=True)
    for pk in candidates.iterator():
        with transaction.atomic():
            task = (
                SupervisionTask.objects.select_for_update(skip_locked=True)
                .select_related("owner")
                .filter(pk=pk, status=TaskStatus.IN_PROGRESS)
                .first()
            )
            if task is None or task.started_at is None:
                continue
            period = datetime.timedelta(days=task.report_every_days)
            since = max(
                filter(None, [task.last_report_at, task.report_reminded_at, task.started_at])
            )
            if now - since < period:
                continue
            task.report_reminded_at = now
            task.save(update_fields=["report_reminded_at"])
            notify(
                recipients=[task.owner],
                kind="supervision.report.reminder",
                title=f"请汇报进展：{task.title}",
                body=f"已超过 {task.report_every_days} 天未汇报进展（进展、问题、下步计划）。",
                url=f"/supervision/{task.pk}/",
                agency_id=task.agency_id,
                classification=task.classification,
            )
            audit_record(
                action="supervision.report.remind",
                obj=task,
                details={"owner": task.owner.real_name},
            )
            task_trail_note(None, task, "提醒汇报进展", f"提醒{task.owner.real_name}汇报进展。")
            reminded += 1
    return reminded
