"""申领计划: a department's plan, drawn up by one of its staff and reviewed by the office
on the flow engine (template ``supplies_requisition``; the reviewer is never the requester)."""

import re
from collections.abc import Sequence

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.flow.services.acts import flow_start
from govoa.org.models import Person
from govoa.supplies.models import Requisition, RequisitionLine, SupplyItem
from govoa.supplies.policies import can_request
from govoa.supplies.workflow import PeriodKind, RequisitionStatus

PERIOD_PATTERNS = {
    PeriodKind.MONTHLY: (re.compile(r"^20\d\d-(0[1-9]|1[0-2])$"), "如 2026-12"),
    PeriodKind.QUARTERLY: (re.compile(r"^20\d\d-Q[1-4]$"), "如 2026-Q4"),
}
MAX_LINES = 100


def _checked_lines(actor: Person, lines: Sequence[tuple[int, int]]) -> list[tuple[SupplyItem, int]]:
    if not lines:
        raise ValidationFailed(fields={"lines": ["请至少申领一种物品。"]})
    if len(lines) > MAX_LINES:
        raise ValidationFailed(fields={"lines": [f"一份计划最多 {MAX_LINES} 种物品。"]})
    ids = [item_id for item_id, _quantity in lines]
    if len(set(ids)) != len(ids):
        raise ValidationFailed(fields={"lines": ["同一物品请合并为一行。"]})
    items = SupplyItem.objects.in_bulk(ids)
    checked = []
    for item_id, quantity in lines:
        item = items.get(item_id)
        if item is None or item.agency_id != actor.agency_id or not item.active:
            raise ValidationFailed(
                fields={"lines": [f"物品（编号 {item_id}）不在目录中或已停用。"]}
            )
        if not 1 <= quantity <= 100_000:
            raise ValidationFailed(fields={"lines": [f"{item.name}的数量应为 1 至 100000。"]})
        checked.append((item, quantity))
    return checked


def requisition_create(
    *,
    actor: Person,
    period_kind: str,
    period: str,
    lines: Sequence[tuple[int, int]],
    note: str = "",
) -> Requisition:
    """A draft plan of the actor's department."""
    if not can_request(actor):
        raise audit_denied(
            action="supplies.requisition.create",
            actor=actor,
            reason="只有本机关有部门的工作人员可以提交申领计划。",
        )
    if period_kind not in PeriodKind.values:
        raise ValidationFailed(fields={"period_kind": ["计划类型应为月度或季度。"]})
    pattern, example = PERIOD_PATTERNS[PeriodKind(period_kind)]
    if not pattern.match(period):
        raise ValidationFailed(fields={"period": [f"计划期间格式不对（{example}）。"]})
    if len(note) > 300:
        raise ValidationFailed(fields={"note": ["说明不能超过 300 字。"]})
    checked = _checked_lines(actor, lines)
    assert actor.department_id is not None  # can_request
    with transaction.atomic():
        requisition = Requisition.objects.create(
            agency_id=actor.agency_id,
            department_id=actor.department_id,
            requester=actor,
            period_kind=period_kind,
            period=period,
            note=note.strip(),
        )
        RequisitionLine.objects.bulk_create(
            RequisitionLine(requisition=requisition, item=item, quantity=quantity)
            for item, quantity in checked
        )
        audit_record(
            action="supplies.requisition.create",
            actor=actor,
            obj=requisition,
            details={"lines": [[item.pk, quantity] for item, quantity in checked]},
        )
    return requisition


def requisition_submit(*, actor: Person, requisition_id: int) -> Requisition:
    """送办公室审核. Submitting twice is refused (409) and changes nothing."""
    with transaction.atomic():
        requisition = (
            Requisition.objects.select_for_update()
            .filter(pk=requisition_id, agency_id=actor.agency_id)
            .first()
        )
        if requisition is None or requisition.requester_id != actor.pk:
            raise NotFound()
        if requisition.status != RequisitionStatus.DRAFT:
            raise TransitionNotAllowed("该申领计划已送审，不能重复提交。")
        requisition.status = RequisitionStatus.REVIEWING
        requisition.save(update_fields=["status", "updated_at"])
        flow_start(actor=actor, code="supplies_requisition", subject=requisition)
        audit_record(action="supplies.requisition.submit", actor=actor, obj=requisition)
    return requisition
