"""复盘: after completion, the owner or the assigner writes down the difficulties and the
improvements; together the reviews are the searchable 办事经验 library."""

from django.db import IntegrityError, transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import Conflict, TransitionNotAllowed, ValidationFailed
from govoa.org.models import Person
from govoa.supervision.models import SupervisionTask, TaskReview
from govoa.supervision.policies import can_review
from govoa.supervision.services.trail import task_trail_note
from govoa.supervision.workflow import TaskStatus

_FIELDS = {
    "difficulties": ("难点", True),
    "improvements": ("改进", True),
    "experience": ("经验", False),
}


def task_review_create(
    *,
    actor: Person,
    task: SupervisionTask,
    difficulties: str,
    improvements: str,
    experience: str = "",
    keywords: str = "",
) -> TaskReview:
    given = {"difficulties": difficulties, "improvements": improvements, "experience": experience}
    values, errors = {}, {}
    for key, (label, required) in _FIELDS.items():
        text = (given[key] or "").strip()
        if required and not text:
            errors[key] = [f"请填写{label}。"]
        elif len(text) > 5000:
            errors[key] = ["不能超过 5000 字。"]
        values[key] = text
    keywords = (keywords or "").strip()
    if len(keywords) > 200:
        errors["keywords"] = ["不能超过 200 字。"]
    involved = actor.pk in (task.owner_id, task.assigner_id)
    if involved and task.status != TaskStatus.COMPLETED:
        raise TransitionNotAllowed("任务完成后才能复盘。")
    if not can_review(actor, task):
        raise audit_denied(
            action="supervision.review.create",
            actor=actor,
            obj=task,
            reason="只有承办人或交办人可以复盘。",
        )
    if errors:
        raise ValidationFailed(fields=errors)
    try:
        with transaction.atomic():
            review = TaskReview.objects.create(task=task, author=actor, keywords=keywords, **values)
            audit_record(
                action="supervision.review.create",
                actor=actor,
                obj=task,
                details={"review": review.pk},
            )
            task_trail_note(actor, task, "复盘", values["difficulties"][:200], review=review.pk)
    except IntegrityError as exc:
        raise Conflict("该任务已经复盘。") from exc
    return review
