"""汇总采购 and 验收入库: approved plans are consolidated into a purchase record (supplier,
prices); receiving it puts every line into stock, once."""

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.flow.services.notes import flow_trail_note
from govoa.org.models import Person
from govoa.supplies.models import Purchase, PurchaseLine, Requisition, SupplyItem
from govoa.supplies.policies import REQUISITION_TYPE, can_issue
from govoa.supplies.services.ledger import MovementLinks, movement_append
from govoa.supplies.workflow import MovementKind, PurchaseStatus, RequisitionStatus


def _refuse_unless_keeper(actor: Person, action: str) -> None:
    if not can_issue(actor):
        raise audit_denied(action=action, actor=actor, reason="只有物品管理员可以办理采购和验收。")


def _lines(
    actor: Person, lines: Sequence[tuple[int, int, Decimal]]
) -> list[tuple[SupplyItem, int, Decimal]]:
    if not lines:
        raise ValidationFailed(fields={"lines": ["请至少填写一种物品。"]})
    ids = [line[0] for line in lines]
    if len(set(ids)) != len(ids):
        raise ValidationFailed(fields={"lines": ["同一物品请合并为一行。"]})
    items = SupplyItem.objects.filter(agency_id=actor.agency_id).in_bulk(ids)
    checked = []
    for item_id, quantity, price in lines:
        item = items.get(item_id)
        if item is None:
            raise ValidationFailed(fields={"lines": [f"物品（编号 {item_id}）不在目录中。"]})
        if not 1 <= quantity <= 100_000:
            raise ValidationFailed(fields={"lines": [f"{item.name}的数量应为 1 至 100000。"]})
        if not Decimal("0") <= price <= Decimal("99999999.99"):
            raise ValidationFailed(fields={"lines": [f"{item.name}的单价无效。"]})
        checked.append((item, quantity, price.quantize(Decimal("0.01"))))
    return checked


def purchase_create(
    *,
    actor: Person,
    supplier: str,
    ordered_on: datetime.date,
    lines: Sequence[tuple[int, int, Decimal]],
    requisition_ids: Sequence[int] = (),
    note: str = "",
) -> Purchase:
    """采购记录 for the approved plans named (each consolidated into one purchase only)."""
    _refuse_unless_keeper(actor, "supplies.purchase.create")
    supplier = supplier.strip()
    if not supplier or len(supplier) > 100:
        raise ValidationFailed(fields={"supplier": ["请填写供应商（不超过 100 字）。"]})
    if ordered_on > timezone.localdate():
        raise ValidationFailed(fields={"ordered_on": ["采购日期不能晚于今天：先采购，再登记。"]})
    checked = _lines(actor, lines)
    with transaction.atomic():
        requisitions = list(
            Requisition.objects.select_for_update().filter(
                pk__in=list(requisition_ids), agency_id=actor.agency_id
            )
        )
        if len(requisitions) != len(set(requisition_ids)):
            raise ValidationFailed(fields={"requisition_ids": ["所列申领计划不存在。"]})
        for requisition in requisitions:
            if requisition.status != RequisitionStatus.APPROVED or requisition.purchase_id:
                raise ValidationFailed(
                    fields={"requisition_ids": [f"“{requisition}”未批准或已汇总采购。"]}
                )
        purchase = Purchase.objects.create(
            agency_id=actor.agency_id,
            supplier=supplier,
            ordered_on=ordered_on,
            created_by=actor,
            note=note.strip()[:300],
        )
        PurchaseLine.objects.bulk_create(
            PurchaseLine(purchase=purchase, item=item, quantity=quantity, unit_price=price)
            for item, quantity, price in checked
        )
        Requisition.objects.filter(pk__in=[r.pk for r in requisitions]).update(purchase=purchase)
        for requisition in requisitions:
            flow_trail_note(
                actor=actor,
                subject_type=REQUISITION_TYPE,
                subject_id=requisition.pk,
                verb="汇总采购",
                text=f"{supplier}，采购日期 {ordered_on:%Y-%m-%d}",
                details={"purchase_id": purchase.pk},
            )
        audit_record(
            action="supplies.purchase.create",
            actor=actor,
            obj=purchase,
            details={
                "requisitions": sorted(r.pk for r in requisitions),
                "lines": [[item.pk, quantity, str(price)] for item, quantity, price in checked],
            },
        )
    return purchase


def purchase_receive(*, actor: Person, purchase_id: int) -> Purchase:
    """验收入库: every line becomes a stock-in movement; a second receipt is refused (409)."""
    _refuse_unless_keeper(actor, "supplies.purchase.receive")
    with transaction.atomic():
        purchase = (
            Purchase.objects.select_for_update()
            .filter(pk=purchase_id, agency_id=actor.agency_id)
            .first()
        )
        if purchase is None:
            raise NotFound()
        if purchase.status != PurchaseStatus.ORDERED:
            raise TransitionNotAllowed("该采购已验收入库，不能重复入库。")
        for line in purchase.lines.select_related("item"):
            movement_append(
                actor=actor,
                item=line.item,
                kind=MovementKind.STOCK_IN,
                delta=line.quantity,
                links=MovementLinks(purchase=purchase, note=f"验收入库：{purchase.supplier}"),
            )
        purchase.status = PurchaseStatus.RECEIVED
        purchase.received_by, purchase.received_at = actor, timezone.now()
        purchase.save(update_fields=["status", "received_by", "received_at", "updated_at"])
        audit_record(action="supplies.purchase.receive", actor=actor, obj=purchase)
        for requisition_id in Requisition.objects.filter(purchase=purchase).values_list(
            "pk", flat=True
        ):
            flow_trail_note(
                actor=actor,
                subject_type=REQUISITION_TYPE,
                subject_id=requisition_id,
                verb="验收入库",
                text=purchase.supplier,
                details={"purchase_id": purchase.pk},
            )
    return purchase
