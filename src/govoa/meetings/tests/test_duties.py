"""Separation of duties in the meeting templates, tried the way around it as well as through:
requester ≠ approver (会议审批), drafter ≠ the chair's 审签 (纪要) — by 代理 to the requester or
the drafter, by 转办 or 加签 to them (once an administrator allows those acts and widens the
node's reach), by a leader organising the meeting they chair, and by a colleague sending a
draft the chair wrote. Every refusal changes nothing."""

import copy
import datetime

import pytest

from govoa.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.templates import template_draft, template_draft_save, template_publish
from govoa.meetings.models import Minutes
from govoa.meetings.services import minutes
from govoa.meetings.services.requests import meeting_submit
from govoa.meetings.workflow import MeetingStatus, MinutesStatus
from govoa.org.services.delegations import delegation_create
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.meetings import approved, at, office_head, request

WEEK = FROZEN_TODAY + datetime.timedelta(days=7)


def _open(meeting, node_key):
    return WorkItem.objects.get(
        instance__subject_type="meetings.meeting",
        instance__subject_id=meeting.pk,
        node_key=node_key,
        status="open",
    )


def _widen(people, code, node_key, roles):
    """What an administrator may do: allow 转办 and 加签 on the node, to holders of ``roles``
    (the shipped ``differ_from`` stays: a template may not loosen it)."""
    draft = template_draft(actor=people.sys_admin, code=code)
    definition = copy.deepcopy(draft.definition)
    node = next(n for n in definition["nodes"] if n["key"] == node_key)
    node["actions"] = [*node["actions"], "forward", "add_signer"]
    node["reach"] = {"roles": roles, "scope": "", "members": "", "anyone": False}
    _saved, problems = template_draft_save(
        actor=people.sys_admin, draft_id=draft.pk, definition=definition
    )
    assert problems == []
    template_publish(actor=people.sys_admin, draft_id=draft.pk)


def _delegate(people, principal, delegate):
    delegation_create(
        actor=principal,
        principal=principal,
        delegate=delegate,
        starts_on=FROZEN_TODAY,
        ends_on=WEEK,
        reason="外出学习",
    )


def test_the_shipped_templates_allow_no_hand_on(people):
    """As shipped, 会议审批 and 纪要审签 only approve or refuse: no 转办, no 加签."""
    meeting = request(people)
    meeting_submit(actor=people.dept_head, meeting=meeting)
    item = _open(meeting, "approve")
    for action in ("forward", "add_signer"):
        with pytest.raises(TransitionNotAllowed, match="环节不能"):
            work_item_act(
                actor=people.principal,
                item_id=item.pk,
                action=action,
                opinion="请处长办理",
                payload={"to_person": people.dept_head.pk},
            )
    item.refresh_from_db()
    assert (item.status, item.assignee_id) == ("open", people.principal.pk)


def test_the_approvers_delegate_being_the_requester_leaves_the_item_with_the_approver(people):
    _widen(people, "meeting_request", "approve", ["leader_principal", "dept_head"])
    _delegate(people, people.principal, people.dept_head)
    meeting = request(people)
    meeting_submit(actor=people.dept_head, meeting=meeting)
    item = _open(meeting, "approve")
    assert item.assignee_id == people.principal.pk  # not handed to the requester
    assert item.delegated_from_id is None
    # Acting on the approver's item as their 代理 is refused by the rule, naming it.
    with pytest.raises(ValidationFailed, match="职责分离"):
        work_item_act(actor=people.dept_head, item_id=item.pk, action="approve")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PENDING


def test_forward_or_add_signer_to_the_requester_is_refused(people):
    _widen(people, "meeting_request", "approve", ["leader_principal", "dept_head"])
    meeting = request(people)
    meeting_submit(actor=people.dept_head, meeting=meeting)
    item = _open(meeting, "approve")
    for action in ("forward", "add_signer"):
        with pytest.raises(ValidationFailed, match="职责分离"):
            work_item_act(
                actor=people.principal,
                item_id=item.pk,
                action=action,
                opinion="请处长办理",
                payload={"to_person": people.dept_head.pk},
            )
    # Outside the node's reach (a colleague with no role in it): refused too.
    with pytest.raises(ValidationFailed, match="办理范围"):
        work_item_act(
            actor=people.principal,
            item_id=item.pk,
            action="forward",
            opinion="请科员办理",
            payload={"to_person": people.staff.pk},
        )
    item.refresh_from_db()
    assert (item.status, item.assignee_id) == ("open", people.principal.pk)
    assert WorkItem.objects.filter(instance=item.instance).count() == 1
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PENDING


def test_the_api_refuses_the_same(client, people):
    _widen(people, "meeting_request", "approve", ["leader_principal", "dept_head"])
    meeting = request(people)
    meeting_submit(actor=people.dept_head, meeting=meeting)
    item = _open(meeting, "approve")
    client.force_login(people.principal)
    response = client.post(
        f"/api/v1/work-items/{item.pk}/act",
        {"action": "forward", "opinion": "请处长办理", "to_person": people.dept_head.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "职责分离" in response.json()["error"]["message"]
    client.force_login(people.dept_head)
    response = client.post(
        f"/api/v1/work-items/{item.pk}/act", {"action": "approve"}, content_type="application/json"
    )
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PENDING


def test_the_chair_cannot_have_the_minutes_handed_back_to_the_drafter(people, frozen_clock):
    _widen(people, "meeting_minutes", "sign", ["leader_deputy", "dept_head"])
    meeting = approved(people)
    frozen_clock.move_to(at(3))
    minutes.minutes_save(actor=people.dept_head, meeting=meeting, record="", summary="纪要正文")
    _delegate(people, people.deputy, people.dept_head)
    minutes.minutes_submit(actor=people.dept_head, meeting=meeting)
    item = _open(meeting, "sign")
    assert item.assignee_id == people.deputy.pk  # the drafter is not the chair's 代理 here
    for action in ("forward", "add_signer"):
        with pytest.raises(ValidationFailed, match="职责分离"):
            work_item_act(
                actor=people.deputy,
                item_id=item.pk,
                action=action,
                opinion="请处长办理",
                payload={"to_person": people.dept_head.pk},
            )
    assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.APPROVING


def test_the_chair_never_drafts_the_minutes_they_sign(people, frozen_clock):
    """A leader organising the meeting they chair: the office head drafts and sends the 纪要;
    the chair may neither draft it, nor add 议定事项, nor send it — and a draft the chair
    wrote cannot be sent by someone else for the chair to sign."""
    head = office_head(people)
    meeting = approved(
        people,
        actor=people.deputy,
        chair_id=people.deputy.pk,
        approver_id=people.principal.pk,
    )
    frozen_clock.move_to(at(3))
    with pytest.raises(PermissionDenied):
        minutes.minutes_save(actor=people.deputy, meeting=meeting, record="", summary="纪要")
    with pytest.raises(PermissionDenied):
        minutes.resolution_add(
            actor=people.deputy,
            meeting=meeting,
            content="落实",
            owner_id=people.staff.pk,
            deadline=WEEK,
        )
    assert not Minutes.objects.filter(meeting=meeting).exists()
    # A draft the chair wrote (before this rule, or by any other way in) cannot go to them.
    Minutes.objects.create(meeting=meeting, summary="纪要", drafted_by=people.deputy)
    with pytest.raises(ValidationFailed, match="职责分离"):
        minutes.minutes_submit(actor=head, meeting=meeting)
    assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.DRAFT
    # The office head drafts it afresh and sends it; the chair signs.
    Minutes.objects.filter(meeting=meeting).update(drafted_by=head)
    minutes.minutes_save(actor=head, meeting=meeting, record="", summary="纪要正文")
    with pytest.raises(PermissionDenied):
        minutes.minutes_submit(actor=people.deputy, meeting=meeting)
    minutes.minutes_submit(actor=head, meeting=meeting)
    minutes.minutes_sign(actor=people.deputy, meeting=meeting, approve=False, opinion="补充")
    assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.DRAFT


def test_the_chair_sees_no_drafting_form_and_posting_one_is_refused(client, people, frozen_clock):
    office_head(people)
    meeting = approved(
        people, actor=people.deputy, chair_id=people.deputy.pk, approver_id=people.principal.pk
    )
    frozen_clock.move_to(at(3))
    client.force_login(people.deputy)
    page = client.get(f"/meetings/{meeting.pk}/")
    assert "minutes" not in page.context["forms"]
    assert "resolution" not in page.context["forms"]
    response = client.post(f"/meetings/{meeting.pk}/acts/minutes/", {"summary": "纪要"})
    assert response.status_code == 403
    assert "职责分离" in response.content.decode()
    assert not Minutes.objects.filter(meeting=meeting).exists()
