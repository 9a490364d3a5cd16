"""Where tasks come from besides a direct assignment: a leader's 批示 asking for 督办
(announced by 收文's 批办 through ``govoa.core.handoffs``), and a meeting's 议定事项 (the
meetings module calls ``task_from_resolution``)."""

import datetime

from govoa.core.errors import ValidationFailed
from govoa.core.handoffs import (
    LeaderInstruction,
    MeetingResolution,
    receive_leader_instructions,
    receive_meeting_resolutions,
)
from govoa.core.vocabulary import Role
from govoa.org.models import Person
from govoa.org.selectors import people_with_role
from govoa.supervision.models import SupervisionTask
from govoa.supervision.policies import is_leader
from govoa.supervision.services.tasks import TaskData, TaskSource, supervision_task_create
from govoa.supervision.workflow import SourceKind


def _department_head(agency_id: int, department_id: int, other_than: int) -> Person:
    found = people_with_role(agency_id=agency_id, role=Role.DEPT_HEAD, department_id=department_id)
    # The department's own head first, then anyone whose role covers it.
    heads = sorted(
        (p for p in found if p.pk != other_than), key=lambda p: p.department_id != department_id
    )
    if not heads:
        raise ValidationFailed(
            "主办部门没有处室负责人，无法列入督办。请先在组织机构中设置，或不列入督办。",
            fields={"supervise": ["主办部门没有处室负责人。"]},
        )
    return heads[0]


def task_from_instruction(instruction: LeaderInstruction) -> SupervisionTask:
    """A 批示 to be supervised: the instructing leader assigns it to the head of the
    department charged with it (who confirms it, then decomposes and hands out the steps)."""
    leader: Person = instruction.leader
    owner = _department_head(leader.agency_id, instruction.department_id, leader.pk)
    return supervision_task_create(
        actor=leader,
        assigner=leader,
        source=TaskSource(
            kind=SourceKind.INSTRUCTION,
            type=instruction.subject_type,
            id=instruction.subject_id,
            label=instruction.label,
            url=instruction.url,
        ),
        data=TaskData(
            title=f"落实领导批示：{instruction.title}"[:200],
            background=f"{instruction.label}，{leader.real_name}批示。",
            goal=instruction.instruction,
            deadline=instruction.deadline,
            deliverables="办理结果（办结报告）；需答复的，附答复稿。",
            owner_id=owner.pk,
            leader_id=leader.pk,
            classification=instruction.classification,
        ),
    )


def task_from_resolution(
    *,
    actor: Person,
    chair: Person,
    resolution_type: str,
    resolution_id: int,
    meeting_label: str,
    url: str,
    title: str,
    content: str,
    owner: Person,
    deadline: datetime.date,
    classification: int = 0,
) -> SupervisionTask:
    """A meeting's 议定事项 becomes a 督办 task: assigned by the chairing leader to the owner
    the minutes name, due on the date they set. Idempotent per 议定事项."""
    return supervision_task_create(
        actor=actor,
        assigner=chair,
        source=TaskSource(
            kind=SourceKind.RESOLUTION,
            type=resolution_type,
            id=resolution_id,
            label=meeting_label,
            url=url,
        ),
        data=TaskData(
            title=title,
            background=f"{meeting_label}议定。",
            goal=content,
            deadline=deadline,
            deliverables="落实情况（办结报告）。",
            owner_id=owner.pk,
            leader_id=chair.pk if is_leader(chair) else None,
            classification=classification,
        ),
    )


def _on_instruction(instruction: LeaderInstruction) -> None:
    task_from_instruction(instruction)


receive_leader_instructions(_on_instruction)


def _on_resolution(resolution: MeetingResolution) -> None:
    task_from_resolution(
        actor=resolution.actor,
        chair=resolution.chair,
        resolution_type=resolution.resolution_type,
        resolution_id=resolution.resolution_id,
        meeting_label=resolution.meeting_label,
        url=resolution.url,
        title=resolution.title,
        content=resolution.content,
        owner=resolution.owner,
        deadline=resolution.deadline,
        classification=resolution.classification,
    )


receive_meeting_resolutions(_on_resolution)
