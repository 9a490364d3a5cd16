"""What a walk through the routine as its users (交办的领导, 承办的处长, 督办领导) found,
beyond the acceptance path: the 督办领导 is never the 承办人; dates outside any plan are
refused with a Chinese message and change nothing; a 议定事项 whose 时限 passed before the
minutes were approved still becomes a task (已逾期); steps of a closed task stay as they were;
and separation of duties holds against the ways around it (代理, 转办 allowed by an
administrator, a template loosening the rules)."""

import copy
import datetime
import re

import pytest

from govoa.core.errors import ValidationFailed
from govoa.core.vocabulary import Role
from govoa.flow.models import TrailEntry, WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.templates import template_draft, template_draft_save, template_publish
from govoa.flow.workflow import ItemStatus
from govoa.org.services.delegations import delegation_create
from govoa.supervision.models import SupervisionTask, TaskExtension
from govoa.supervision.services import progress, tasks
from govoa.supervision.services.tasks import latest_deadline
from govoa.supervision.sources import task_from_resolution
from govoa.supervision.workflow import Glance, TaskStatus
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.factories import grant, make_person
from govoa.testing.supervision import assign, task_data

pytestmark = pytest.mark.usefixtures("frozen_clock")
DAY = datetime.timedelta(days=1)
API = "/api/v1/supervision-tasks"


def _form(people, **extra):
    return {
        "title": "起草重点项目调度办法",
        "goal": "形成调度办法送审稿",
        "deadline": (FROZEN_TODAY + 30 * DAY).isoformat(),
        "deliverables": "调度办法送审稿",
        "owner": people.dept_head.pk,
        "classification": "0",
        "report_every_days": "7",
        **extra,
    }


def _started(people, **fields):
    task = assign(people, **fields)
    tasks.task_confirm(actor=people.dept_head, task=task)
    return tasks.task_sign(actor=people.deputy, task=task)


def _open(task, node_key):
    return WorkItem.objects.get(
        instance__subject_id=task.pk, node_key=node_key, status=ItemStatus.OPEN
    )


def test_the_supervising_leader_is_never_the_owner(client, people):
    """A leader given the task is not their own 督办领导: overdue work would escalate to them."""
    client.force_login(people.principal)
    refused = client.post(
        "/supervision/new/", _form(people, owner=people.deputy.pk, leader=people.deputy.pk)
    )
    assert refused.status_code == 422
    assert "督办领导不能是承办人本人。" in refused.content.decode()
    body = {**_form(people, owner=people.deputy.pk, leader=people.deputy.pk)}
    body.pop("classification")
    body["report_every_days"] = 7
    api = client.post(API, body, content_type="application/json")
    assert api.status_code == 422
    assert api.json()["error"]["fields"]["leader"] == ["督办领导不能是承办人本人。"]
    assert SupervisionTask.objects.count() == 0
    # None named: the office head assigns to the deputy leader, who supervises 规划处 (the
    # deputy's own department's leader is the deputy): the principal supervises instead.
    office_head = make_person(department=people.office, username="bgszr", real_name="办公室主任")
    grant(office_head, Role.OFFICE_HEAD)
    people.deputy.department = people.planning
    people.deputy.save()
    task = tasks.supervision_task_create(
        actor=office_head, data=task_data(people, owner_id=people.deputy.pk, leader_id=None)
    )
    assert (task.owner, task.leader) == (people.deputy, people.principal)


def test_dates_outside_any_plan_are_refused_and_change_nothing(client, people):
    client.force_login(people.deputy)
    far = client.post("/supervision/new/", _form(people, deadline="9999-12-31"))
    assert far.status_code == 422
    assert f"时限不能晚于 {latest_deadline(FROZEN_TODAY):%Y-%m-%d}" in far.content.decode()
    assert SupervisionTask.objects.count() == 0
    task = _started(people)
    base = f"/supervision/{task.pk}/"
    client.force_login(people.dept_head)
    step = {
        "title": "起草",
        "owner": people.staff.pk,
        "starts_on": FROZEN_TODAY.isoformat(),
        "milestone": (task.deadline + 10 * DAY).isoformat(),
    }
    late = client.post(f"{base}acts/step/", step)
    assert late.status_code == 422
    assert f"节点日期不能晚于任务时限 {task.deadline:%Y-%m-%d}" in late.content.decode()
    ancient = client.post(f"{base}acts/step/", {**step, "starts_on": "0001-01-01"})
    assert ancient.status_code == 422
    assert "开始日期不能早于" in ancient.content.decode()
    api = client.post(
        f"{API}/{task.pk}/steps",
        {**step, "owner": people.staff.pk},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert "milestone" in api.json()["error"]["fields"]
    assert task.steps.count() == 0
    extension = client.post(
        f"{base}acts/extension/", {"requested_deadline": "9999-12-31", "reason": "等数据"}
    )
    assert extension.status_code == 422
    assert "五年内" in extension.content.decode()
    assert TaskExtension.objects.count() == 0
    assert TrailEntry.objects.filter(action="note").count() == 0


def test_a_long_plan_draws_a_chart_of_bounded_size(client, people):
    """A task running years (the farthest 时限 allowed) still draws a chart of a few dozen
    date ticks, with years on them (it drew a tick every four weeks: megabytes)."""
    task = _started(people, deadline=latest_deadline(FROZEN_TODAY))
    progress.task_step_add(
        actor=people.dept_head,
        task=task,
        data=progress.StepData("分期建设", people.staff.pk, FROZEN_TODAY, task.deadline),
    )
    client.force_login(people.dept_head)
    svg = client.get(f"/supervision/{task.pk}/gantt.svg")
    assert svg.status_code == 200
    assert len(svg.content) < 20_000
    ticks = re.findall(rb'font-size="10">(\d{4}-\d{2})</text>', svg.content)
    assert 5 <= len(ticks) <= 27
    assert ticks[-1] >= str(task.deadline.year - 1).encode()


def test_a_resolution_past_its_deadline_still_becomes_a_task(people):
    """Minutes approved after a 议定事项's 时限: the task is made (and is 已逾期), instead of
    the minutes' approval being refused for a date nobody can change any more."""
    task = task_from_resolution(
        actor=people.registrar,
        chair=people.principal,
        resolution_type="meetings.resolution",
        resolution_id=9,
        meeting_label="2026年第13次主任办公会",
        url="/meetings/4/",
        title="报送调度情况",
        content="规划处三日内报送调度情况。",
        owner=people.dept_head,
        deadline=FROZEN_TODAY - 2 * DAY,
    )
    tasks.task_confirm(actor=people.dept_head, task=task)
    task = tasks.task_sign(actor=people.principal, task=task)
    assert task.glance(FROZEN_TODAY) == Glance.OVERDUE
    # A direct assignment still may not start in the past.
    with pytest.raises(ValidationFailed) as past:
        assign(people, deadline=FROZEN_TODAY - DAY)
    assert past.value.fields["deadline"] == ["时限不能早于今天。"]


def test_steps_of_a_closed_task_stay_as_they_were(client, people):
    task = _started(people)
    step = progress.task_step_add(
        actor=people.dept_head,
        task=task,
        data=progress.StepData("起草", people.staff.pk, FROZEN_TODAY, FROZEN_TODAY + 5 * DAY),
    )
    tasks.task_submit_final(
        actor=people.dept_head, task=task, conclusion="完成", data="3 份", suggestions="送审"
    )
    item = _open(task, "accept")
    work_item_act(
        actor=people.deputy,
        item_id=item.pk,
        action="approve",
        payload={"checklist": ["任务落实实：无拖延", "反馈汇报实：无虚假", "后续跟进实：无遗漏"]},
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED
    client.force_login(people.staff)
    refused = client.post(f"/supervision/{task.pk}/steps/{step.pk}/done/", {})
    assert refused.status_code == 409
    step.refresh_from_db()
    assert step.done_on is None


def _delegate(principal, delegate):
    delegation_create(
        actor=principal,
        principal=principal,
        delegate=delegate,
        starts_on=FROZEN_TODAY,
        ends_on=FROZEN_TODAY + 10 * DAY,
        reason="出差",
    )


def test_the_owner_as_the_assigners_delegate_neither_signs_nor_accepts(people):
    """代理 never carries the assigner's 签认, 验收 or 延期审批 to the owner (the nodes reach
    only the assigner; and 验收 ≠ 办理 besides)."""
    waiting = assign(people)
    tasks.task_confirm(actor=people.dept_head, task=waiting)
    sign = _open(waiting, "sign")
    _delegate(people.deputy, people.dept_head)
    with pytest.raises(ValidationFailed) as refused:
        work_item_act(actor=people.dept_head, item_id=sign.pk, action="approve")
    assert "不在“交办人签认”的办理范围" in refused.value.message
    # A task started while the delegation runs: its 签认 stays with the assigner.
    later = assign(people, title="第二项")
    tasks.task_confirm(actor=people.dept_head, task=later)
    held = _open(later, "sign")
    assert (held.assignee, held.delegated_from) == (people.deputy, None)
    assert not WorkItem.objects.filter(
        instance__subject_id=later.pk, node_key="sign", assignee=people.dept_head
    ).exists()
    task = tasks.task_sign(actor=people.deputy, task=later)
    tasks.task_submit_final(
        actor=people.dept_head, task=task, conclusion="完成", data="3 份", suggestions="送审"
    )
    accept = _open(task, "accept")
    assert accept.assignee == people.deputy
    with pytest.raises(ValidationFailed):
        work_item_act(actor=people.dept_head, item_id=accept.pk, action="approve")
    task.refresh_from_db()
    assert task.status == TaskStatus.ACCEPTING


def test_the_owner_as_delegate_does_not_decide_their_own_extension(people):
    from govoa.supervision.services.extensions import task_extension_request

    task = _started(people)
    _delegate(people.deputy, people.dept_head)
    task_extension_request(
        actor=people.dept_head, task=task, requested_deadline=task.deadline + 7 * DAY, reason="等"
    )
    decide = _open(task, "decide")
    assert (decide.assignee, decide.delegated_from) == (people.deputy, None)
    with pytest.raises(ValidationFailed):
        work_item_act(actor=people.dept_head, item_id=decide.pk, action="approve")
    task.refresh_from_db()
    assert task.deadline == task.original_deadline


def _node(definition, key):
    return next(n for n in definition["nodes"] if n["key"] == key)


def test_forward_allowed_by_an_administrator_stays_within_the_node(people):
    """An agency's administrator may allow 转办/加签 on 验收; the step still reaches only the
    assigner: not the owner (验收 ≠ 办理), not a colleague outside the node."""
    draft = template_draft(actor=people.sys_admin, code="supervision_task")
    definition = copy.deepcopy(draft.definition)
    _node(definition, "accept")["actions"] += ["forward", "add_signer"]
    _saved, problems = template_draft_save(
        actor=people.sys_admin, draft_id=draft.pk, definition=definition
    )
    assert problems == []
    template_publish(actor=people.sys_admin, draft_id=draft.pk)
    task = _started(people)
    tasks.task_submit_final(
        actor=people.dept_head, task=task, conclusion="完成", data="3 份", suggestions="送审"
    )
    accept = _open(task, "accept")
    for action, to in [
        ("forward", people.dept_head),
        ("add_signer", people.dept_head),
        ("forward", people.staff),
        ("forward", people.principal),
    ]:
        with pytest.raises(ValidationFailed) as refused:
            work_item_act(
                actor=people.deputy,
                item_id=accept.pk,
                action=action,
                opinion="请代为验收",
                payload={"to_person": [to.pk]},
            )
        assert "办理范围" in refused.value.message
    assert list(
        WorkItem.objects.filter(instance__subject_id=task.pk, node_key="accept").values_list(
            "assignee", "status"
        )
    ) == [(people.deputy.pk, ItemStatus.OPEN)]


def test_a_template_dropping_the_rules_cannot_be_published(people):
    draft = template_draft(actor=people.sys_admin, code="supervision_task")
    loose = copy.deepcopy(draft.definition)
    _node(loose, "accept")["differ_from"] = []
    _node(loose, "sign")["differ_from"] = []
    template_draft_save(actor=people.sys_admin, draft_id=draft.pk, definition=loose)
    with pytest.raises(ValidationFailed) as refused:
        template_publish(actor=people.sys_admin, draft_id=draft.pk)
    assert "不能放宽默认规则" in refused.value.message
    # And a template giving 验收 to the owner finds nobody the rules allow: refused, named.
    owner_accepts = copy.deepcopy(draft.definition)
    _node(owner_accepts, "accept")["assign"] = {"kind": "field", "field": "owner"}
    template_draft_save(actor=people.sys_admin, draft_id=draft.pk, definition=owner_accepts)
    template_publish(actor=people.sys_admin, draft_id=draft.pk)
    task = _started(people)
    with pytest.raises(ValidationFailed) as nobody:
        tasks.task_submit_final(
            actor=people.dept_head, task=task, conclusion="完成", data="3 份", suggestions="送审"
        )
    assert "“验收”≠“办理”" in nobody.value.message
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert task.reports.count() == 0


def test_someone_elses_task_is_404_and_changes_nothing(client, people, other_agency_person):
    task = _started(people)
    base = f"/supervision/{task.pk}/"
    for person in (other_agency_person, people.registrar):
        client.force_login(person)
        for act, data in [
            ("report", {"progress": "冒名汇报", "percent": "50"}),
            ("step", {"title": "x", "owner": people.staff.pk}),
            ("extension", {"requested_deadline": (task.deadline + DAY).isoformat()}),
            ("final", {"conclusion": "c", "figures": "f", "suggestions": "s"}),
        ]:
            assert client.post(f"{base}acts/{act}/", data).status_code == 404
        assert client.post(f"{API}/{task.pk}/progress-reports", {"progress": "x"},
                           content_type="application/json").status_code == 404  # fmt: skip
    assert task.reports.count() == task.steps.count() == task.extensions.count() == 0


def test_the_confirmation_form_carries_the_five_elements_and_both_signatures(client, people):
    """任务确认单 (001 四(一)): 背景, 目标, 时限, 资源, 交付物, the owner's confirmation and
    the assigner's signature, each with the name."""
    import io

    import pdfplumber

    task = assign(people)
    tasks.task_confirm(actor=people.dept_head, task=task, opinion="五要素清楚，无异议")
    tasks.task_sign(actor=people.deputy, task=task, opinion="同意按此办理")
    client.force_login(people.dept_head)
    pdf = client.get(f"/supervision/{task.pk}/confirmation.pdf")
    assert pdf.status_code == 200
    with pdfplumber.open(io.BytesIO(pdf.content)) as document:
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in document.pages))
    for expected in [
        "背景", task.background, "目标", task.goal, "时限", "2026年12月16日", "资源配合",
        task.resources, "交付物", task.deliverables, "承办确认", "五要素清楚，无异议",
        "规划处长", "交办签认", "同意按此办理", "分管副主任", "督办领导", "主任",
    ]:  # fmt: skip
        assert re.sub(r"\s+", "", expected) in text, expected


def test_the_people_of_the_forms_are_searched_as_one_types(client, people):
    """交办 and 分解 pick people by search-as-you-type, never a list of the whole agency."""
    client.force_login(people.deputy)
    page = client.get("/supervision/new/").content.decode()
    assert page.count('data-picker="/org/people/search/') >= 2
    assert people.registrar.real_name not in page
    task = _started(people)
    client.force_login(people.dept_head)
    page = client.get(f"/supervision/{task.pk}/").content.decode()
    assert 'data-picker="/org/people/search/' in page
    assert people.registrar.real_name not in page


def test_the_escalation_is_in_the_trail_and_on_the_leaders_workbench(client, people, frozen_clock):
    """超期上报 reaches the 督办领导's workbench (催办记录) and the task's 办理过程 says so."""
    from govoa.flow.services.reminders import scan_deadlines
    from govoa.testing.clock import SHANGHAI

    task = _started(people, deadline=FROZEN_TODAY + 2 * DAY)
    next_monday = FROZEN_TODAY + 7 * DAY
    frozen_clock.move_to(datetime.datetime.combine(next_monday, datetime.time(9), tzinfo=SHANGHAI))
    assert scan_deadlines(next_monday)["escalated"] == 1
    client.force_login(people.principal)
    assert task.title in client.get("/?tab=reminders").content.decode()
    page = client.get(f"/supervision/{task.pk}/").content.decode()
    assert "系统 超期上报：规划处长办理的“办理”已超期" in page
    assert "上报主任。" in page


def test_the_six_statuses_at_a_glance_filter_the_ledger(client, people):
    """未开始/进行中/即将到期/已逾期/已完成/已延期: each task in the ledger under its own
    status, on the page and through the API."""
    from govoa.supervision.services.extensions import task_extension_decide, task_extension_request

    titles = {}
    titles["not_started"] = assign(people, title="甲未开始").title
    titles["in_progress"] = _started(people, title="乙进行中").title
    titles["due_soon"] = _started(people, title="丙即将到期", deadline=FROZEN_TODAY + 2 * DAY).title
    late = _started(people, title="丁已逾期")
    SupervisionTask.objects.filter(pk=late.pk).update(
        deadline=FROZEN_TODAY - DAY, original_deadline=FROZEN_TODAY - DAY
    )
    titles["overdue"] = late.title
    done = _started(people, title="戊已完成")
    tasks.task_submit_final(
        actor=people.dept_head, task=done, conclusion="完成", data="3 份", suggestions="送审"
    )
    work_item_act(
        actor=people.deputy,
        item_id=_open(done, "accept").pk,
        action="approve",
        payload={"checklist": ["任务落实实：无拖延", "反馈汇报实：无虚假", "后续跟进实：无遗漏"]},
    )
    titles["completed"] = done.title
    longer = _started(people, title="己已延期")
    task_extension_request(
        actor=people.dept_head,
        task=longer,
        requested_deadline=longer.deadline + 10 * DAY,
        reason="等",
    )
    task_extension_decide(actor=people.deputy, task=longer, approve=True, note="同意")
    titles["extended"] = longer.title
    client.force_login(people.principal)
    labels = dict(Glance.choices)
    for value, title in titles.items():
        page = client.get(f"/supervision/?status={value}").content.decode()
        assert title in page, value
        assert str(labels[value]) in page
        assert [t for t in titles.values() if t in page] == [title], value
        api = client.get(f"{API}?status={value}").json()["items"]
        assert [(t["title"], t["glance_label"]) for t in api] == [(title, labels[value])]
