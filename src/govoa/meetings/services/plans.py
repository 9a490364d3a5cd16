"""年度会议计划: a department proposes a planned meeting; 报送 starts the flow (办公室汇总审核
→ 领导审批); the plan-versus-actual report compares what was planned with what was held."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.flow.selectors import open_item_for
from govoa.flow.services.acts import flow_start, work_item_act
from govoa.flow.workflow import Action
from govoa.meetings.models import MeetingPlan
from govoa.meetings.policies import PLAN_TYPE, can_plan
from govoa.meetings.workflow import PLAN_FLOW, PlanStatus
from govoa.org.models import Person


@dataclass(frozen=True)
class PlanData:
    year: int
    name: str
    content: str
    window_start: datetime.date
    window_end: datetime.date
    attendee_scope: str
    scale: int
    budget: str = "0"
    place: str = ""


def _checked(data: PlanData) -> Decimal:
    errors: dict[str, list[str]] = {}
    for key, label, limit in (
        ("name", "会议名称", 200),
        ("content", "主要内容", 2000),
        ("attendee_scope", "参会人员范围", 300),
    ):
        text = (getattr(data, key) or "").strip()
        if not text:
            errors[key] = [f"请填写{label}。"]
        elif len(text) > limit:
            errors[key] = [f"不能超过 {limit} 字。"]
    if len(data.place or "") > 100:
        errors["place"] = ["不能超过 100 字。"]
    if not 2000 <= data.year <= 2100:
        errors["year"] = ["年度无效。"]
    if data.window_end < data.window_start:
        errors["window_end"] = ["计划时间（止）不能早于（起）。"]
    elif data.window_start.year != data.year or data.window_end.year != data.year:
        errors["window_start"] = ["计划时间应在该年度内。"]
    if not 1 <= data.scale <= 100000:
        errors["scale"] = ["预计规模应为 1 至 100000 人。"]
    try:
        budget = Decimal(str(data.budget or "0"))
    except InvalidOperation:
        budget = Decimal(-1)
    if not budget.is_finite() or not Decimal(0) <= budget < Decimal("1e10"):
        errors["budget"] = ["经费预算应为不小于 0 的金额。"]
        budget = Decimal(0)
    if errors:
        raise ValidationFailed(fields=errors)
    return budget.quantize(Decimal("0.01"))


def plan_create(*, actor: Person, data: PlanData) -> MeetingPlan:
    if not can_plan(actor) or actor.department_id is None:
        raise audit_denied(
            action="meetings.plan.create",
            actor=actor,
            reason="只有处室负责人和办公室主任可以提出年度会议计划。",
        )
    budget = _checked(data)
    with transaction.atomic():
        plan = MeetingPlan.objects.create(
            agency_id=actor.agency_id,
            year=data.year,
            department_id=actor.department_id,
            name=data.name.strip(),
            content=data.content.strip(),
            window_start=data.window_start,
            window_end=data.window_end,
            place=data.place.strip(),
            attendee_scope=data.attendee_scope.strip(),
            scale=data.scale,
            budget=budget,
            created_by=actor,
        )
        audit_record(action="meetings.plan.create", actor=actor, obj=plan)
    return plan


def plan_submit(*, actor: Person, plan: MeetingPlan) -> MeetingPlan:
    """报送: to the office's 汇总审核, then the leader's 审批."""
    if plan.created_by_id != actor.pk:
        raise audit_denied(
            action="meetings.plan.submit", actor=actor, obj=plan, reason="只有提出人可以报送。"
        )
    with transaction.atomic():
        locked = MeetingPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status not in (PlanStatus.DRAFT, PlanStatus.REJECTED):
            raise TransitionNotAllowed("该计划已报送。")
        audit_record(action="meetings.plan.submit", actor=actor, obj=locked)
        flow_start(actor=actor, code=PLAN_FLOW, subject=locked, opinion=locked.name[:200])
    plan.refresh_from_db()
    return plan


def plan_decide(
    *, actor: Person, plan: MeetingPlan, node_key: str, approve: bool, opinion: str = ""
) -> MeetingPlan:
    """审核 (办公室) or 审批 (领导) through the person's work item."""
    item = open_item_for(
        person=actor, subject_type=PLAN_TYPE, subject_id=plan.pk, node_key=node_key
    )
    if item is None:
        raise NotFound("您在该计划上没有待办的这一步。")
    action = Action.APPROVE if approve else Action.REJECT
    work_item_act(actor=actor, item_id=item.pk, action=action, opinion=opinion)
    plan.refresh_from_db()
    return plan
