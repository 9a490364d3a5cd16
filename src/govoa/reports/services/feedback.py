"""意见反馈 → 研判 → 流程优化清单 (a 督办 task with owner and deadline), and the yearly
record of handbook revisions."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.notify.services import notify
from govoa.org.models import Person
from govoa.org.policies import may_handle_business
from govoa.reports.models import Feedback, FeedbackKind, FeedbackStatus, HandbookRevision
from govoa.reports.policies import can_triage_feedback, feedback_visible_q
from govoa.supervision.services.tasks import TaskData, TaskSource, supervision_task_create
from govoa.supervision.workflow import SourceKind

SUBJECT_TYPE = "reports.feedback"


def _text(value: str, name: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(f"请填写{label}。", fields={name: [f"请填写{label}。"]})
    if len(value) > limit:
        raise ValidationFailed(fields={name: [f"{label}不能超过 {limit} 字。"]})
    return value


def feedback_submit(*, actor: Person, kind: str, procedure: str, content: str) -> Feedback:
    if not may_handle_business(actor):
        raise audit_denied(action="reports.feedback.submit", actor=actor, reason="三员不办理业务。")
    if kind not in FeedbackKind.values:
        raise ValidationFailed(fields={"kind": ["请选择问题或建议。"]})
    feedback = Feedback(
        agency_id=actor.agency_id,
        kind=kind,
        procedure=_text(procedure, "procedure", "涉及的流程或事项", 100),
        content=_text(content, "content", "问题或建议", 2000),
        submitted_by=actor,
    )
    with transaction.atomic():
        feedback.save()
        audit_record(action="reports.feedback.submit", actor=actor, obj=feedback)
    return feedback


@dataclass(frozen=True)
class Improvement:
    """An accepted feedback's 流程优化清单 entry: who carries it out, by when."""

    owner_id: int
    deadline: datetime.date
    goal: str


def feedback_triage(
    *, actor: Person, feedback_id: int, accept: bool, note: str, improvement: Improvement | None
) -> Feedback:
    if not can_triage_feedback(actor):
        raise audit_denied(
            action="reports.feedback.triage", actor=actor, reason="意见反馈由办公室主任研判。"
        )
    note = (note or "").strip()[:300]
    with transaction.atomic():
        feedback = (
            Feedback.objects.select_for_update()
            .filter(feedback_visible_q(actor), pk=feedback_id)
            .first()
        )
        if feedback is None:
            raise NotFound()
        if feedback.status != FeedbackStatus.SUBMITTED:
            raise TransitionNotAllowed("这条意见已经研判过了。")
        if accept:
            if improvement is None:
                raise ValidationFailed(fields={"owner": ["采纳时须指定负责人和完成时限。"]})
            task = supervision_task_create(
                actor=actor,
                assigner=actor,
                source=TaskSource(
                    kind=SourceKind.ASSIGNMENT,
                    type=SUBJECT_TYPE,
                    id=feedback.pk,
                    label=f"意见反馈：{feedback.procedure}",
                    url=reverse("reports:feedback_list"),
                ),
                data=TaskData(
                    title=f"流程优化：{feedback.procedure}"[:200],
                    background=feedback.content,
                    goal=_text(improvement.goal, "goal", "优化目标", 2000),
                    deadline=improvement.deadline,
                    deliverables="优化后的流程或手册条文，及落实情况。",
                    owner_id=improvement.owner_id,
                ),
            )
            feedback.task_id = task.pk
            feedback.status = FeedbackStatus.ACCEPTED
        else:
            if not note:
                raise ValidationFailed(fields={"note": ["不予采纳时请说明理由。"]})
            feedback.status = FeedbackStatus.DECLINED
        feedback.triaged_by = actor
        feedback.triage_note = note
        feedback.triaged_at = timezone.now()
        feedback.save(
            update_fields=["status", "triaged_by", "triage_note", "triaged_at", "task_id"]
        )
        audit_record(
            action="reports.feedback.triage",
            actor=actor,
            obj=feedback,
            details={"accepted": accept, "task": feedback.task_id},
        )
        notify(
            recipients=[feedback.submitted_by],
            kind="reports.feedback",
            title=f"您的意见（{feedback.procedure}）：{feedback.get_status_display()}",
            body=note,
            url=reverse("reports:feedback_list"),
            agency_id=feedback.agency_id,
        )
    return feedback


def handbook_revision_record(
    *, actor: Person, revised_on: datetime.date, section: str, summary: str, feedback_id: int | None
) -> HandbookRevision:
    if not can_triage_feedback(actor):
        raise audit_denied(
            action="reports.handbook.revise", actor=actor, reason="手册修订由办公室主任记录。"
        )
    feedback = None
    if feedback_id is not None:
        feedback = Feedback.objects.filter(feedback_visible_q(actor), pk=feedback_id).first()
        if feedback is None:
            raise ValidationFailed(fields={"feedback": ["没有这条意见反馈。"]})
    revision = HandbookRevision(
        agency_id=actor.agency_id,
        year=revised_on.year,
        revised_on=revised_on,
        section=_text(section, "section", "修订章节", 100),
        summary=_text(summary, "summary", "修订内容", 2000),
        feedback=feedback,
        recorded_by=actor,
    )
    with transaction.atomic():
        revision.save()
        audit_record(action="reports.handbook.revise", actor=actor, obj=revision)
    return revision
