"""延期: the owner asks; the request runs on the extension flow, whose one step is the
assigner's decision (separation of duties: never the one who asked). The decision itself is
applied by the adapter's hook (``lifecycle.apply_extension_decision``)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import Conflict, TransitionNotAllowed, ValidationFailed
from govoa.flow.services.acts import flow_start
from govoa.flow.workflow import Action
from govoa.org.models import Person
from govoa.supervision.models import SupervisionTask, TaskExtension
from govoa.supervision.policies import can_request_extension
from govoa.supervision.services.tasks import _act, latest_deadline
from govoa.supervision.workflow import EXTENSION_FLOW, TaskStatus


def task_extension_request(
    *, actor: Person, task: SupervisionTask, requested_deadline: datetime.date, reason: str
) -> TaskExtension:
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = ["请填写延期理由。"]
    elif len(reason) > 300:
        errors["reason"] = ["不能超过 300 字。"]
    if requested_deadline <= task.deadline:
        errors["requested_deadline"] = [f"应晚于现在的时限 {task.deadline:%Y-%m-%d}。"]
    elif requested_deadline <= timezone.localdate():
        errors["requested_deadline"] = ["应晚于今天。"]
    elif requested_deadline > latest_deadline(timezone.localdate()):
        limit = latest_deadline(timezone.localdate())
        errors["requested_deadline"] = [f"不能晚于 {limit:%Y-%m-%d}（五年内）。"]
    try:
        with transaction.atomic():
            task = SupervisionTask.objects.select_for_update().get(pk=task.pk)
            if not can_request_extension(actor, task):
                if task.owner_id == actor.pk:
                    raise TransitionNotAllowed(
                        f"任务{task.get_status_display()}，不能申请延期。"
                        if task.status != TaskStatus.IN_PROGRESS
                        else "不能申请延期。"
                    )
                raise audit_denied(
                    action="supervision.extension.request",
                    actor=actor,
                    obj=task,
                    reason="只有承办人可以申请延期。",
                )
            if errors:
                raise ValidationFailed(fields=errors)
            extension = TaskExtension.objects.create(
                task=task,
                requested_by=actor,
                current_deadline=task.deadline,
                requested_deadline=requested_deadline,
                reason=reason,
            )
            audit_record(
                action="supervision.extension.request",
                actor=actor,
                obj=task,
                details={"to": requested_deadline.isoformat(), "reason": reason},
            )
            flow_start(actor=actor, code=EXTENSION_FLOW, subject=task, opinion=reason)
    except IntegrityError as exc:
        raise Conflict("已有一份延期申请在等待审批。") from exc
    return extension


def task_extension_decide(
    *, actor: Person, task: SupervisionTask, approve: bool, note: str = ""
) -> SupervisionTask:
    """The assigner's decision, taken on their work item of the extension flow."""
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationFailed(fields={"note": ["不同意延期请写明理由。"]})
    return _act(actor, task, "decide", Action.APPROVE if approve else Action.REJECT, note)
