"""盘点: the book quantities are taken when the count starts; the keeper enters what was
counted; the differences become adjustments only when the office approves (template
``supplies_stocktake``, approver ≠ counter). Issues during the count do not spoil it: the
adjustment is the difference counted − book, which an issue changes on both sides alike."""

from collections.abc import Mapping

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.flow.services.acts import flow_start
from govoa.org.models import Agency, Person
from govoa.supplies.models import StockBalance, Stocktake, StocktakeLine
from govoa.supplies.policies import can_issue
from govoa.supplies.services.ledger import MovementLinks, movement_append
from govoa.supplies.workflow import MovementKind, StocktakeStatus


def _refuse_unless_keeper(actor: Person, action: str) -> None:
    if not can_issue(actor):
        raise audit_denied(action=action, actor=actor, reason="只有物品管理员可以盘点。")


def stocktake_create(*, actor: Person, title: str) -> Stocktake:
    _refuse_unless_keeper(actor, "supplies.stocktake.create")
    title = title.strip()
    if not title or len(title) > 100:
        raise ValidationFailed(fields={"title": ["请填写盘点名称（不超过 100 字）。"]})
    with transaction.atomic():
        # One stocktake at a time: two approved over the same shelves would each take the
        # same difference off. The agency's row serialises two keepers starting at once.
        Agency.objects.select_for_update().filter(pk=actor.agency_id).first()
        running = (
            Stocktake.objects.filter(
                agency_id=actor.agency_id,
                status__in=[StocktakeStatus.COUNTING, StocktakeStatus.REVIEWING],
            )
            .order_by("pk")
            .first()
        )
        if running is not None:
            raise TransitionNotAllowed(
                f"盘点“{running.title}”尚未结束（{running.get_status_display()}），"
                "请待其审批完成后再开始新的盘点。"
            )
        stocktake = Stocktake.objects.create(
            agency_id=actor.agency_id, title=title, created_by=actor
        )
        balances = StockBalance.objects.filter(
            item__agency_id=actor.agency_id, item__active=True
        ).values_list("item_id", "quantity")
        StocktakeLine.objects.bulk_create(
            StocktakeLine(stocktake=stocktake, item_id=item_id, book_quantity=quantity)
            for item_id, quantity in balances
        )
        audit_record(action="supplies.stocktake.create", actor=actor, obj=stocktake)
    return stocktake


def _locked(actor: Person, stocktake_id: int) -> Stocktake:
    stocktake = (
        Stocktake.objects.select_for_update()
        .filter(pk=stocktake_id, agency_id=actor.agency_id)
        .first()
    )
    if stocktake is None:
        raise NotFound()
    if stocktake.status != StocktakeStatus.COUNTING:
        raise TransitionNotAllowed("该盘点已送审，不能再修改。")
    return stocktake


def stocktake_count(*, actor: Person, stocktake_id: int, counts: Mapping[int, int]) -> Stocktake:
    """Record counted quantities by item id."""
    _refuse_unless_keeper(actor, "supplies.stocktake.count")
    if any(not 0 <= counted <= 10_000_000 for counted in counts.values()):
        raise ValidationFailed(fields={"counts": ["实盘数量应为不小于 0 的整数。"]})
    with transaction.atomic():
        stocktake = _locked(actor, stocktake_id)
        lines = {line.item_id: line for line in stocktake.lines.all()}
        unknown = set(counts) - set(lines)
        if unknown:
            raise ValidationFailed(fields={"counts": ["所列物品不在本次盘点中。"]})
        for item_id, counted in counts.items():
            lines[item_id].counted_quantity = counted
        StocktakeLine.objects.bulk_update([lines[i] for i in counts], ["counted_quantity"])
        audit_record(
            action="supplies.stocktake.count",
            actor=actor,
            obj=stocktake,
            details={"counts": {str(k): v for k, v in counts.items()}},
        )
    return stocktake


def stocktake_submit(*, actor: Person, stocktake_id: int) -> Stocktake:
    """送审: every line must be counted."""
    _refuse_unless_keeper(actor, "supplies.stocktake.submit")
    with transaction.atomic():
        stocktake = _locked(actor, stocktake_id)
        if stocktake.lines.filter(counted_quantity__isnull=True).exists():
            raise ValidationFailed("还有物品未填写实盘数量。")
        stocktake.status = StocktakeStatus.REVIEWING
        stocktake.save(update_fields=["status", "updated_at"])
        flow_start(actor=actor, code="supplies_stocktake", subject=stocktake)
        audit_record(action="supplies.stocktake.submit", actor=actor, obj=stocktake)
    return stocktake


def stocktake_apply(stocktake: Stocktake) -> int:
    """Called by the flow when the approval completes (inside the approving act's
    transaction): one adjustment per difference, by the approver. A difference that would
    take the stock below zero refuses the whole approval (409)."""
    assert stocktake.approved_by is not None
    made = 0
    for line in stocktake.lines.select_related("item").order_by("item_id"):
        difference = line.difference
        if difference:
            movement_append(
                actor=stocktake.approved_by,
                item=line.item,
                kind=MovementKind.ADJUST,
                delta=difference,
                links=MovementLinks(stocktake=stocktake, note=f"盘点调整：{stocktake.title}"),
            )
            made += 1
    return made
