"""The domain part of the flow's acts on a task (called by the adapter's hooks, inside the
act's transaction): statuses as the flow moves, the 办结报告 submitted with 办理, and the
assigner's decision on an extension."""

from typing import Any

from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.flow.services.reminders import work_items_reschedule
from govoa.notify.services import notify
from govoa.org.models import Person
from govoa.supervision.models import ProgressReport, SupervisionTask, TaskExtension
from govoa.supervision.policies import SUBJECT_TYPE
from govoa.supervision.workflow import (
    STATUS_BY_NODE,
    ExtensionDecision,
    ReportKind,
    TaskStatus,
)

FINAL_FIELDS = {"conclusion": "结论", "data": "数据", "suggestions": "建议"}
TEXT_LIMIT = 5000


def entered(task: SupervisionTask, node_key: str) -> None:
    status = STATUS_BY_NODE.get(node_key)
    if status is None or task.status == status:
        return
    task.status = status
    fields = ["status"]
    if node_key == "execute" and task.started_at is None:
        task.started_at = timezone.now()
        fields.append("started_at")
    task.save(update_fields=fields)


def finished(task: SupervisionTask, status: str) -> None:
    if status == "completed":
        task.status, task.completed_at = TaskStatus.COMPLETED, timezone.now()
    else:
        task.status = TaskStatus.CANCELLED
    task.save(update_fields=["status", "completed_at"])


def final_report_fields(payload: dict[str, Any]) -> dict[str, str]:
    """结论, 数据, 建议 from an act's payload: each required, each at most 5,000 characters."""
    values, errors = {}, {}
    for key, label in FINAL_FIELDS.items():
        raw = payload.get(key)
        text = raw.strip() if isinstance(raw, str) else ""
        if not text:
            errors[key] = [f"请填写{label}。"]
        elif len(text) > TEXT_LIMIT:
            errors[key] = [f"{label}不能超过 {TEXT_LIMIT} 字。"]
        values[key] = text
    if errors:
        raise ValidationFailed("办结报告须写明结论、数据和建议。", fields=errors)
    return values


def apply_final_report(task: SupervisionTask, actor: Person, payload: dict[str, Any]) -> None:
    values = final_report_fields(payload)
    report = ProgressReport.objects.create(
        task=task, kind=ReportKind.FINAL, author=actor, percent=100, **values
    )
    task.last_report_at = report.created_at
    task.save(update_fields=["last_report_at"])
    audit_record(
        action="supervision.report.final",
        actor=actor,
        obj=task,
        details={"report": report.pk, "conclusion": values["conclusion"][:200]},
    )


def apply_extension_decision(
    task: SupervisionTask, actor: Person, *, approve: bool, note: str
) -> TaskExtension:
    extension = (
        TaskExtension.objects.select_for_update()
        .filter(task=task, decision=ExtensionDecision.PENDING)
        .first()
    )
    if extension is None:
        raise TransitionNotAllowed("没有待审批的延期申请。")
    extension.decision = ExtensionDecision.APPROVED if approve else ExtensionDecision.REFUSED
    extension.decided_by, extension.decision_note = actor, note[:300]
    extension.decided_at = timezone.now()
    extension.save(update_fields=["decision", "decided_by", "decision_note", "decided_at"])
    if approve:
        task.deadline = extension.requested_deadline
        task.save(update_fields=["deadline"])
        work_items_reschedule(
            actor=actor,
            subject_type=SUBJECT_TYPE,
            subject_id=task.pk,
            node_keys=["execute"],
            due_date=extension.requested_deadline,
            reason=extension.decision_note,
        )
    audit_record(
        action="supervision.extension.decide",
        actor=actor,
        obj=task,
        details={
            "approve": approve,
            "to": extension.requested_deadline.isoformat(),
            "note": extension.decision_note,
        },
    )
    verdict = "同意" if approve else "不同意"
    notify(
        recipients=[extension.requested_by],
        kind="supervision.extension.decided",
        title=f"延期申请{verdict}：{task.title}",
        body=f"{actor.real_name}{verdict}延至 {extension.requested_deadline:%Y-%m-%d}。"
        f"{extension.decision_note}",
        url=f"/supervision/{task.pk}/",
        agency_id=task.agency_id,
        classification=task.classification,
    )
    return extension
