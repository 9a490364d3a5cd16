"""立项 (a task from a direct assignment, a leader's 批示 or a meeting's 议定事项) and the acts
of its flow, each through the person's open work item: 确认, 签认, 提交办结报告, 验收."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import Conflict, NotFound, ValidationFailed
from govoa.core.vocabulary import Classification, Role
from govoa.flow.selectors import open_item_for
from govoa.flow.services import checklists
from govoa.flow.services.acts import flow_start, work_item_act
from govoa.flow.workflow import Action
from govoa.org.models import Person, PersonStatus
from govoa.org.policies import may_handle_business
from govoa.org.selectors import people_with_role
from govoa.supervision.models import SupervisionTask
from govoa.supervision.policies import SUBJECT_TYPE, can_assign_to, is_leader
from govoa.supervision.workflow import TASK_FLOW, SourceKind


@dataclass(frozen=True)
class TaskSource:
    """Where a task came from, named without importing the module it lives in: the subject
    type (``"incoming.incomingdocument"``, ``"meetings.resolution"``), its id, a label and a
    link for the task's page."""

    kind: str
    type: str
    id: int
    label: str
    url: str = ""


@dataclass(frozen=True)
class TaskData:
    """The 五要素 and the people of a new task."""

    title: str
    goal: str
    deadline: datetime.date
    deliverables: str
    owner_id: int
    background: str = ""
    resources: str = ""
    leader_id: int | None = None
    classification: int = Classification.NONE
    report_every_days: int = 7


# 时限 of a direct assignment or an extension: at most five years ahead (a date in year 9999 is
# a typing error, not a plan).
DEADLINE_HORIZON_DAYS = 5 * 365 + 1
_LIMITS = {"title": 200, "goal": 5000, "deliverables": 5000, "background": 5000, "resources": 5000}
_LABELS = {"title": "任务名称", "goal": "目标", "deliverables": "交付物"}


def _texts(data: TaskData) -> dict[str, str]:
    values, errors = {}, {}
    for key, limit in _LIMITS.items():
        text = (getattr(data, key) or "").strip()
        if key in _LABELS and not text:
            errors[key] = [f"请填写{_LABELS[key]}。"]
        elif len(text) > limit:
            errors[key] = [f"不能超过 {limit} 字。"]
        values[key] = text
    if errors:
        raise ValidationFailed(fields=errors)
    return values


def _person(agency_id: int, pk: int | None, key: str, label: str) -> Person:
    found = (
        Person.objects.filter(pk=pk, agency_id=agency_id, status=PersonStatus.ACTIVE)
        .select_related("department")
        .first()
        if pk
        else None
    )
    if found is None or not may_handle_business(found):
        raise ValidationFailed(fields={key: [f"请选择本机关在职的{label}。"]})
    return found


def _default_leader(assigner: Person, owner: Person) -> Person | None:
    """督办领导 when none is named: the assigner if a leader, else the leader supervising the
    owner's department, else the principal leader; never the owner (an owner who is a leader
    is not their own 督办领导: overdue work escalates to someone else)."""
    if is_leader(assigner):
        return assigner
    for role, department_id in (
        (Role.LEADER_DEPUTY, owner.department_id),
        (Role.LEADER_PRINCIPAL, None),
    ):
        found = people_with_role(agency_id=owner.agency_id, role=role, department_id=department_id)
        others = [p for p in found if p.pk != owner.pk]
        if others:
            return others[0]
    return None


def latest_deadline(today: datetime.date) -> datetime.date:
    """The latest 时限 a person may set (a task, an extension): five years on."""
    return today + datetime.timedelta(days=DEADLINE_HORIZON_DAYS)


def _checked(assigner: Person, data: TaskData, *, sourced: bool = False) -> dict[str, Any]:
    """The 五要素 and the people, checked. A task from a source (a 批示, a 议定事项) keeps
    the deadline its source set even when it has passed by the time it is handed over (the
    minutes approved late): it is then simply 已逾期, and the source's act is not refused."""
    values = _texts(data)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if data.deadline < today and not sourced:
        errors["deadline"] = ["时限不能早于今天。"]
    elif data.deadline > latest_deadline(today) and not sourced:
        errors["deadline"] = [f"时限不能晚于 {latest_deadline(today):%Y-%m-%d}（五年内）。"]
    if data.classification not in Classification.values:
        errors["classification"] = ["密级无效。"]
    elif data.classification > assigner.clearance:
        errors["classification"] = ["不能高于交办人的涉密等级。"]
    if not 1 <= data.report_every_days <= 31:
        errors["report_every_days"] = ["汇报周期应为 1 至 31 天。"]
    if errors:
        raise ValidationFailed(fields=errors)
    owner = _person(assigner.agency_id, data.owner_id, "owner", "承办人")
    if owner.pk == assigner.pk:
        raise ValidationFailed(fields={"owner": ["承办人不能是交办人本人。"]})
    if owner.department_id is None:
        raise ValidationFailed(fields={"owner": ["承办人没有所属部门。"]})
    if owner.clearance < data.classification:
        raise ValidationFailed(fields={"owner": [f"{owner.real_name}的涉密等级不足。"]})
    leader = (
        _person(assigner.agency_id, data.leader_id, "leader", "督办领导")
        if data.leader_id
        else _default_leader(assigner, owner)
    )
    if leader is not None and not is_leader(leader):
        raise ValidationFailed(fields={"leader": ["督办领导应为机关领导。"]})
    if leader is not None and leader.pk == owner.pk:
        raise ValidationFailed(fields={"leader": ["督办领导不能是承办人本人。"]})
    return {**values, "owner": owner, "leader": leader, "department_id": owner.department_id}


def supervision_task_create(
    *,
    actor: Person,
    data: TaskData,
    source: TaskSource | None = None,
    assigner: Person | None = None,
) -> SupervisionTask:
    """立项 and start its flow (the owner's 任务确认 first).

    A direct assignment (no ``source``) is the actor's: they must be allowed to assign to the
    owner. A module passing a ``source`` (收文 批办, 会议 议定事项) has authorised the act
    itself and names the ``assigner`` (the instructing or chairing leader). One task per
    source: a second call returns the first task."""
    assigner = assigner or actor
    if source is None and not can_assign_to(
        actor, _person(actor.agency_id, data.owner_id, "owner", "承办人")
    ):
        raise audit_denied(
            action="supervision.task.create",
            actor=actor,
            reason="只有机关领导、办公室主任和处室负责人（对本处室人员）可以交办督办事项。",
        )
    if source is not None:
        existing = SupervisionTask.objects.filter(source_type=source.type, source_id=source.id)
        if found := existing.first():
            return found
    checked = _checked(assigner, data, sourced=source is not None)
    try:
        with transaction.atomic():
            task = SupervisionTask.objects.create(
                agency_id=assigner.agency_id,
                title=checked["title"],
                source_kind=source.kind if source else SourceKind.ASSIGNMENT,
                source_type=source.type if source else "",
                source_id=source.id if source else None,
                source_label=(source.label if source else "")[:300],
                source_url=(source.url if source else "")[:300],
                background=checked["background"],
                goal=checked["goal"],
                deadline=data.deadline,
                original_deadline=data.deadline,
                resources=checked["resources"],
                deliverables=checked["deliverables"],
                assigner=assigner,
                owner=checked["owner"],
                department_id=checked["department_id"],
                leader=checked["leader"],
                classification=data.classification,
                report_every_days=data.report_every_days,
                created_by=actor,
            )
            audit_record(
                action="supervision.task.create",
                actor=actor,
                obj=task,
                details={
                    "owner": task.owner.real_name,
                    "deadline": data.deadline.isoformat(),
                    "source": f"{task.source_type}:{task.source_id}" if source else "",
                },
            )
            flow_start(actor=actor, code=TASK_FLOW, subject=task, opinion=checked["goal"][:200])
    except IntegrityError as exc:
        raise Conflict("该来源已经立项督办。") from exc
    return task


def _act(
    actor: Person,
    task: SupervisionTask,
    node_key: str,
    action: str,
    opinion: str = "",
    payload: dict[str, Any] | None = None,
) -> SupervisionTask:
    item = open_item_for(
        person=actor, subject_type=SUBJECT_TYPE, subject_id=task.pk, node_key=node_key
    )
    if item is None:
        raise NotFound("您在该事项上没有待办的这一步。")
    work_item_act(actor=actor, item_id=item.pk, action=action, opinion=opinion, payload=payload)
    task.refresh_from_db()
    return task


def task_confirm(*, actor: Person, task: SupervisionTask, opinion: str = "") -> SupervisionTask:
    """承办人确认承接（五要素无异议）."""
    return _act(actor, task, "confirm", Action.APPROVE, opinion)


def task_decline(*, actor: Person, task: SupervisionTask, reason: str) -> SupervisionTask:
    """承办人不能承接 (with the reason): the task is withdrawn; the assigner may assign anew."""
    return _act(actor, task, "confirm", Action.REJECT, reason)


def task_sign(*, actor: Person, task: SupervisionTask, opinion: str = "") -> SupervisionTask:
    """交办人签认任务确认单: work starts."""
    return _act(actor, task, "sign", Action.APPROVE, opinion)


def task_sign_return(*, actor: Person, task: SupervisionTask, reason: str) -> SupervisionTask:
    """交办人退回确认 (the 五要素 need another look by the owner)."""
    return _act(actor, task, "sign", Action.RETURN, reason)


def task_submit_final(
    *, actor: Person, task: SupervisionTask, conclusion: str, data: str, suggestions: str
) -> SupervisionTask:
    """办结报告 (结论 + 数据 + 建议), which sends the task to the assigner's 验收."""
    payload = {"conclusion": conclusion, "data": data, "suggestions": suggestions}
    return _act(actor, task, "execute", Action.APPROVE, conclusion[:2000], payload)


def task_accept(
    *,
    actor: Person,
    task: SupervisionTask,
    approve: bool,
    opinion: str = "",
    checked: list[str] | None = None,
    checklist_note: str = "",
) -> SupervisionTask:
    """验收: accept (the task is completed) or return it to the owner (with a reason).
    ``checked``: the items of the node's 三查 list (办事三实) ticked."""
    action = Action.APPROVE if approve else Action.RETURN
    return _act(
        actor, task, "accept", action, opinion, checklists.act_payload(checked, checklist_note)
    )
