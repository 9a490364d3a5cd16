"""The task's flow through its services: 立项 → 确认 → 签认 → 汇报 → 延期 → 办结报告 → 验收 →
复盘, the separation of duties of the templates, and the refusals that change nothing."""

import datetime

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from govoa.flow.models import ChecklistResult, TrailEntry, WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.supervision.flows import ACCEPT_CHECKLIST
from govoa.supervision.models import SupervisionTask
from govoa.supervision.services import extensions, progress, reviews, tasks
from govoa.supervision.workflow import ExtensionDecision, Glance, TaskStatus
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.supervision import assign, task_data


def _open(task, node):
    return list(
        WorkItem.objects.filter(
            instance__subject_type="supervision.supervisiontask",
            instance__subject_id=task.pk,
            status=ItemStatus.OPEN,
            node_key=node,
        )
    )


def _started(people):
    task = assign(people)
    tasks.task_confirm(actor=people.dept_head, task=task)
    return tasks.task_sign(actor=people.deputy, task=task)


def test_a_task_runs_from_assignment_to_review(people):
    task = assign(people)
    assert task.status == TaskStatus.CONFIRMING
    assert task.glance(FROZEN_TODAY) == Glance.NOT_STARTED
    assert [i.assignee for i in _open(task, "confirm")] == [people.dept_head]
    task = tasks.task_confirm(actor=people.dept_head, task=task, opinion="无异议")
    assert task.status == TaskStatus.SIGNING
    task = tasks.task_sign(actor=people.deputy, task=task)
    assert task.status == TaskStatus.IN_PROGRESS
    assert task.started_at is not None
    (execute,) = _open(task, "execute")
    assert execute.due_date == task.deadline

    step = progress.task_step_add(
        actor=people.dept_head,
        task=task,
        data=progress.StepData("梳理项目库", people.staff.pk, FROZEN_TODAY, FROZEN_TODAY),
    )
    progress.task_report_progress(
        actor=people.dept_head, task=task, data=progress.ReportData("已梳理 40 个项目", percent=40)
    )
    progress.task_step_complete(actor=people.staff, task=task, step_id=step.pk)

    later = task.deadline + datetime.timedelta(days=10)
    extension = extensions.task_extension_request(
        actor=people.dept_head, task=task, requested_deadline=later, reason="等待统计数据"
    )
    with pytest.raises(Conflict):
        extensions.task_extension_request(
            actor=people.dept_head, task=task, requested_deadline=later, reason="再次"
        )
    task = extensions.task_extension_decide(actor=people.deputy, task=task, approve=True)
    extension.refresh_from_db()
    assert extension.decision == ExtensionDecision.APPROVED
    assert task.deadline == later
    assert task.extended
    assert _open(task, "execute")[0].due_date == later

    with pytest.raises(ValidationFailed) as missing:
        tasks.task_submit_final(
            actor=people.dept_head, task=task, conclusion="完成", data="", suggestions=""
        )
    assert set(missing.value.fields) == {"data", "suggestions"}
    assert task.reports.count() == 1
    task = tasks.task_submit_final(
        actor=people.dept_head,
        task=task,
        conclusion="清单初稿已完成",
        data="入库项目 52 个，总投资 380 亿元",
        suggestions="建议提交主任办公会审定",
    )
    assert task.status == TaskStatus.ACCEPTING
    with pytest.raises(ValidationFailed) as refused:  # 办事三实 not gone through
        tasks.task_accept(actor=people.deputy, task=task, approve=True, opinion="同意")
    assert "办事三实" in refused.value.message
    task.refresh_from_db()
    assert task.status == TaskStatus.ACCEPTING
    task = tasks.task_accept(
        actor=people.deputy,
        task=task,
        approve=True,
        opinion="同意",
        checked=list(ACCEPT_CHECKLIST["items"]),
    )
    assert task.status == TaskStatus.COMPLETED
    assert ChecklistResult.objects.get(name="办事三实", node_name="验收").passed
    assert task.glance() == Glance.COMPLETED

    review = reviews.task_review_create(
        actor=people.dept_head, task=task, difficulties="数据口径不一", improvements="提前对表"
    )
    assert review.task_id == task.pk
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "supervision.task.create",
        "supervision.step.add",
        "supervision.report.progress",
        "supervision.extension.request",
        "supervision.extension.decide",
        "supervision.report.final",
        "supervision.review.create",
    } <= actions


def test_the_assigner_may_return_the_final_report(people):
    task = _started(people)
    tasks.task_submit_final(
        actor=people.dept_head, task=task, conclusion="结论", data="数据", suggestions="建议"
    )
    task = tasks.task_accept(actor=people.deputy, task=task, approve=False, opinion="数据不全")
    assert task.status == TaskStatus.IN_PROGRESS
    assert [i.assignee for i in _open(task, "execute")] == [people.dept_head]


def test_refused_extension_keeps_the_deadline(people):
    task = _started(people)
    deadline = task.deadline
    extensions.task_extension_request(
        actor=people.dept_head,
        task=task,
        requested_deadline=deadline + datetime.timedelta(days=3),
        reason="人手不足",
    )
    with pytest.raises(ValidationFailed):
        extensions.task_extension_decide(actor=people.deputy, task=task, approve=False)
    task = extensions.task_extension_decide(
        actor=people.deputy, task=task, approve=False, note="请按期完成"
    )
    assert task.deadline == deadline
    assert not task.extended
    assert task.extensions.get().decision == ExtensionDecision.REFUSED


def test_owner_cannot_sign_or_accept_their_own_work(people):
    """职责分离 is data of the template: 签认 ≠ 确认, 验收 ≠ 办理."""
    from govoa.flow.definition import parse
    from govoa.flow.registry import default_templates

    definition = parse(default_templates()["supervision_task"].definition)
    assert definition.node("sign").differ_from == ("confirm",)
    assert definition.node("accept").differ_from == ("execute",)
    extension = parse(default_templates()["supervision_extension"].definition)
    assert extension.node("decide").differ_from == ("@initiator",)
    with pytest.raises(ValidationFailed) as same:
        assign(people, owner_id=people.deputy.pk)
    assert "owner" in same.value.fields


def test_who_may_assign_and_report(people):
    with pytest.raises(PermissionDenied):
        tasks.supervision_task_create(actor=people.staff, data=task_data(people))
    with pytest.raises(PermissionDenied):  # a department head assigns within their own
        tasks.supervision_task_create(
            actor=people.dept_head, data=task_data(people, owner_id=people.registrar.pk)
        )
    own = tasks.supervision_task_create(
        actor=people.dept_head, data=task_data(people, owner_id=people.staff.pk)
    )
    assert own.assigner == people.dept_head
    assert own.leader == people.principal
    task = assign(people)
    with pytest.raises(TransitionNotAllowed):  # not yet under way
        progress.task_report_progress(
            actor=people.dept_head, task=task, data=progress.ReportData("进展")
        )
    with pytest.raises(PermissionDenied):
        progress.task_report_progress(actor=people.staff, task=task, data=progress.ReportData("x"))
    with pytest.raises(NotFound):  # not the owner's step to sign
        tasks.task_sign(actor=people.dept_head, task=task)
    assert task.reports.count() == 0


def test_bad_input_changes_nothing(people):
    before = SupervisionTask.objects.count()
    with pytest.raises(ValidationFailed) as bad:
        assign(people, title=" ", deadline=FROZEN_TODAY - datetime.timedelta(days=1))
    assert {"title"} <= set(bad.value.fields)
    with pytest.raises(ValidationFailed):
        assign(people, deadline=FROZEN_TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationFailed):
        assign(people, owner_id=999_999)
    with pytest.raises(ValidationFailed):
        assign(people, leader_id=people.staff.pk)
    assert SupervisionTask.objects.count() == before
    assert not TrailEntry.objects.exists()


def test_unreported_owners_are_reminded_once_a_period(people, frozen_clock):
    from govoa.notify.models import Notification

    task = _started(people)
    assert progress.remind_unreported() == 0
    frozen_clock.shift(datetime.timedelta(days=8))
    assert progress.remind_unreported() == 1
    assert progress.remind_unreported() == 0
    assert Notification.objects.filter(
        recipient=people.dept_head, kind="supervision.report.reminder"
    ).exists()
    progress.task_report_progress(
        actor=people.dept_head, task=task, data=progress.ReportData("推进中")
    )
    frozen_clock.shift(datetime.timedelta(days=3))
    assert progress.remind_unreported() == 0
