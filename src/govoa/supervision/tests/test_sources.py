"""A leader's 批办 on a 收文 marked 列入督办 creates one task (through ``core.handoffs``,
without 收文 importing 督办); the meetings module's call for a 议定事项 does the same."""

import datetime

import pytest

from govoa.core.errors import ValidationFailed
from govoa.flow.services.acts import work_item_act
from govoa.incoming.models import IncomingDocument
from govoa.supervision.models import SupervisionTask
from govoa.supervision.sources import task_from_resolution
from govoa.supervision.workflow import SourceKind, TaskStatus
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.flows import move_to, open_items
from govoa.testing.scenarios import incoming_scenario


def _at_instruct(people):
    scenario = incoming_scenario(people)
    move_to(
        scenario.instance,
        "instruct",
        actor=people.registrar,
        payload={"next_assignees": [people.deputy.pk]},
    )
    (item,) = open_items(scenario.instance, "instruct")
    return scenario.instance, item


def _instruct(people, item, department, supervise=True):
    return work_item_act(
        actor=people.deputy,
        item_id=item.pk,
        action="approve",
        opinion="请规划处牵头，两周内拿出方案。",
        payload={"lead_department": department.pk, "supervise": supervise},
    )


def test_an_instruction_to_supervise_creates_a_task(people):
    instance, item = _at_instruct(people)
    _instruct(people, item, people.planning)
    document = IncomingDocument.objects.get(pk=instance.subject_id)
    task = SupervisionTask.objects.get()
    assert task.source_kind == SourceKind.INSTRUCTION
    assert (task.source_type, task.source_id) == ("incoming.incomingdocument", document.pk)
    assert task.source_url == f"/incoming/{document.pk}/"
    assert document.number in task.source_label
    assert task.assigner == people.deputy
    assert task.leader == people.deputy
    assert task.owner == people.dept_head
    assert task.department == people.planning
    assert task.deadline == document.deadline
    assert task.goal == "请规划处牵头，两周内拿出方案。"
    assert task.status == TaskStatus.CONFIRMING


def test_without_the_mark_no_task(people):
    _instance, item = _at_instruct(people)
    _instruct(people, item, people.planning, supervise=False)
    assert not SupervisionTask.objects.exists()


def test_a_department_without_head_refuses_the_act_and_changes_nothing(people):
    from govoa.org.models import Department

    empty = Department.objects.create(agency=people.agency, name="法规处", code="FGC")
    instance, item = _at_instruct(people)
    with pytest.raises(ValidationFailed) as refused:
        _instruct(people, item, empty)
    assert "处室负责人" in refused.value.message
    document = IncomingDocument.objects.get(pk=instance.subject_id)
    assert document.instruction == ""
    assert document.lead_department_id == people.planning.pk
    assert not SupervisionTask.objects.exists()


def test_a_resolution_becomes_a_task_once(people):
    def call():
        return task_from_resolution(
            actor=people.registrar,
            chair=people.principal,
            resolution_type="meetings.resolution",
            resolution_id=7,
            meeting_label="2026年第12次主任办公会",
            url="/meetings/3/",
            title="完善重点项目调度机制",
            content="由规划处牵头，一个月内提出调度机制方案。",
            owner=people.dept_head,
            deadline=FROZEN_TODAY + datetime.timedelta(days=30),
        )

    first, second = call(), call()
    assert first.pk == second.pk
    assert SupervisionTask.objects.count() == 1
    assert first.source_kind == SourceKind.RESOLUTION
    assert first.assigner == people.principal
    assert first.leader == people.principal


def test_the_instruction_form_offers_supervision(client, people):
    instance, item = _at_instruct(people)
    url = f"/incoming/{instance.subject_id}/"
    client.force_login(people.deputy)
    assert "列入督办" in client.get(url).content.decode()
    response = client.post(
        f"{url}items/{item.pk}/act/",
        {
            "action": "approve",
            "opinion": "请规划处抓紧落实。",
            "lead_department": people.planning.pk,
            "supervise": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    task = SupervisionTask.objects.get()
    assert task.source_url == url
    client.force_login(people.dept_head)
    page = client.get(f"/supervision/{task.pk}/").content.decode()
    assert "领导批示" in page
    assert f'href="{url}"' in page
