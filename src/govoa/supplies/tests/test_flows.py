"""Plan → office review → consolidated purchase → 验收入库 → 领用 against the plan; 盘点 with
approval-only adjustments. Through the services and the flow engine."""

import datetime
from decimal import Decimal

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.errors import Conflict, PermissionDenied, TransitionNotAllowed, ValidationFailed
from govoa.flow.services.acts import work_item_act
from govoa.notify.models import Notification
from govoa.supplies.models import Purchase, StockBalance, StockMovement
from govoa.supplies.selectors import consumption_by_department, purchase_list
from govoa.supplies.services.purchases import purchase_create, purchase_receive
from govoa.supplies.services.requisitions import requisition_create, requisition_submit
from govoa.supplies.services.stock import stock_issue
from govoa.supplies.services.stocktakes import (
    stocktake_count,
    stocktake_create,
    stocktake_submit,
)
from govoa.supplies.workflow import RequisitionStatus, StocktakeStatus
from govoa.testing.clock import FROZEN_NOW
from govoa.testing.flows import open_items
from govoa.testing.supplies import make_item, supplies_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return supplies_cast(people)


def _approved_plan(people, cast, item, quantity=10):
    plan = requisition_create(
        actor=people.staff, period_kind="monthly", period="2026-12", lines=[(item.pk, quantity)]
    )
    requisition_submit(actor=people.staff, requisition_id=plan.pk)
    [item_to_review] = open_items(plan_instance(plan))
    assert item_to_review.assignee == cast.office_head
    work_item_act(actor=cast.office_head, item_id=item_to_review.pk, action="approve")
    plan.refresh_from_db()
    return plan


def plan_instance(plan):
    from govoa.flow.models import FlowInstance

    return FlowInstance.objects.get(subject_type="supplies.requisition", subject_id=plan.pk)


def test_plan_to_purchase_to_stock_to_issue(people, cast, django_capture_on_commit_callbacks):
    paper = make_item(cast.keeper, safety_stock=5)
    plan = _approved_plan(people, cast, paper, quantity=12)
    assert plan.status == RequisitionStatus.APPROVED
    assert plan.approved_by == cast.office_head

    rows = purchase_list(person=cast.keeper)
    assert [(r.item.pk, r.requested, r.balance, r.suggested) for r in rows] == [
        (paper.pk, 12, 0, 17)
    ]
    purchase = purchase_create(
        actor=cast.keeper,
        supplier="测试市办公用品公司",
        ordered_on=FROZEN_NOW.date(),
        lines=[(paper.pk, 20, Decimal("23.50"))],
        requisition_ids=[plan.pk],
    )
    assert purchase_list(person=cast.keeper) == []
    purchase_receive(actor=cast.keeper, purchase_id=purchase.pk)
    assert StockBalance.objects.get(item=paper).quantity == 20
    with pytest.raises(TransitionNotAllowed):
        purchase_receive(actor=cast.keeper, purchase_id=purchase.pk)
    assert StockBalance.objects.get(item=paper).quantity == 20

    line = plan.lines.get()
    stock_issue(
        actor=cast.keeper,
        item_id=paper.pk,
        quantity=12,
        department_id=people.planning.pk,
        receiver_id=people.staff.pk,
        requisition_line_id=line.pk,
    )
    with pytest.raises(ValidationFailed) as over:
        stock_issue(
            actor=cast.keeper,
            item_id=paper.pk,
            quantity=1,
            department_id=people.planning.pk,
            receiver_id=people.staff.pk,
            requisition_line_id=line.pk,
        )
    assert over.value.fields["quantity"] == ["超出批准数量：批准 12包，已领 12包。"]
    # 20 − 12 = 8 ≥ 5: no alert yet; the next ad-hoc issue of 4 crosses the safety stock.
    assert not Notification.objects.filter(kind="supplies.low_stock").exists()
    with django_capture_on_commit_callbacks(execute=True):
        stock_issue(
            actor=cast.keeper,
            item_id=paper.pk,
            quantity=4,
            department_id=people.energy.pk,
            receiver_id=people.dept_head.pk,
            note="会议用",
        )
    alert = Notification.objects.get(kind="supplies.low_stock")
    assert alert.recipient == cast.keeper
    assert "仅剩 4包" in alert.title

    report = consumption_by_department(
        person=cast.keeper,
        date_from=FROZEN_NOW.date() - datetime.timedelta(days=30),
        date_to=FROZEN_NOW.date(),
    )
    assert [(r.department, r.item, r.quantity) for r in report] == [
        ("规划处", "A4 复印纸", 12),
        ("能源处", "A4 复印纸", 4),
    ]


def test_the_requester_never_reviews_their_own_plan(people, cast):
    paper = make_item(cast.keeper)
    plan = requisition_create(
        actor=cast.office_head, period_kind="quarterly", period="2026-Q4", lines=[(paper.pk, 3)]
    )
    # The office head is the only reviewer and also the requester: the engine finds no one.
    with pytest.raises(ValidationFailed) as refused:
        requisition_submit(actor=cast.office_head, requisition_id=plan.pk)
    assert "办公室审核" in refused.value.message
    plan.refresh_from_db()
    assert plan.status == RequisitionStatus.DRAFT


def test_a_plan_is_not_drawn_on_before_approval(people, cast):
    paper = make_item(cast.keeper, stock=10)
    plan = requisition_create(
        actor=people.staff, period_kind="monthly", period="2026-12", lines=[(paper.pk, 2)]
    )
    with pytest.raises(ValidationFailed) as refused:
        stock_issue(
            actor=cast.keeper,
            item_id=paper.pk,
            quantity=1,
            department_id=people.planning.pk,
            receiver_id=people.staff.pk,
            requisition_line_id=plan.lines.get().pk,
        )
    assert refused.value.fields["requisition_line_id"] == ["该申领计划尚未批准，不能凭它领用。"]
    assert StockBalance.objects.get(item=paper).quantity == 10


def test_only_the_keeper_issues_and_the_refusal_is_audited(people, cast):
    paper = make_item(cast.keeper, stock=10)
    with pytest.raises(PermissionDenied):
        stock_issue(
            actor=people.staff,
            item_id=paper.pk,
            quantity=1,
            department_id=people.planning.pk,
            receiver_id=people.staff.pk,
            note="自取",
        )
    event = AuditEvent.objects.filter(action="supplies.stock.issue").get()
    assert event.outcome == "denied"
    assert StockBalance.objects.get(item=paper).quantity == 10


def test_stocktake_adjusts_only_when_approved(people, cast):
    paper = make_item(cast.keeper, stock=10)
    pens = make_item(cast.keeper, "BG-002", name="签字笔", unit="支", stock=30)
    stocktake = stocktake_create(actor=cast.keeper, title="2026 年第四季度盘点")
    stocktake_count(actor=cast.keeper, stocktake_id=stocktake.pk, counts={paper.pk: 8})
    with pytest.raises(ValidationFailed):
        stocktake_submit(actor=cast.keeper, stocktake_id=stocktake.pk)
    stocktake_count(actor=cast.keeper, stocktake_id=stocktake.pk, counts={pens.pk: 31})
    # An issue during the count changes book and shelf alike: the difference stays right.
    stock_issue(
        actor=cast.keeper,
        item_id=paper.pk,
        quantity=3,
        department_id=people.planning.pk,
        receiver_id=people.staff.pk,
        note="日常办公",
    )
    stocktake_submit(actor=cast.keeper, stocktake_id=stocktake.pk)
    assert StockMovement.objects.filter(kind="adjust").count() == 0
    from govoa.flow.models import FlowInstance

    instance = FlowInstance.objects.get(subject_type="supplies.stocktake")
    [review] = open_items(instance)
    work_item_act(actor=cast.office_head, item_id=review.pk, action="approve")
    stocktake.refresh_from_db()
    assert stocktake.status == StocktakeStatus.APPROVED
    adjustments = StockMovement.objects.filter(kind="adjust").order_by("item_id")
    assert [(m.item_id, m.quantity, m.created_by_id) for m in adjustments] == [
        (paper.pk, -2, cast.office_head.pk),
        (pens.pk, 1, cast.office_head.pk),
    ]
    assert StockBalance.objects.get(item=paper).quantity == 5
    assert StockBalance.objects.get(item=pens).quantity == 31


def test_an_approval_that_would_take_stock_negative_is_refused_whole(people, cast):
    paper = make_item(cast.keeper, stock=4)
    stocktake = stocktake_create(actor=cast.keeper, title="月末盘点")
    stocktake_count(actor=cast.keeper, stocktake_id=stocktake.pk, counts={paper.pk: 0})
    stocktake_submit(actor=cast.keeper, stocktake_id=stocktake.pk)
    # Meanwhile stock came in and most went out again: counted − book = −4 but only 1 is left.
    stock_issue(
        actor=cast.keeper,
        item_id=paper.pk,
        quantity=3,
        department_id=people.planning.pk,
        receiver_id=people.staff.pk,
        note="日常办公",
    )
    from govoa.flow.models import FlowInstance

    [review] = open_items(FlowInstance.objects.get(subject_type="supplies.stocktake"))
    with pytest.raises(Conflict) as refused:
        work_item_act(actor=cast.office_head, item_id=review.pk, action="approve")
    assert "库存不足" in refused.value.message
    stocktake.refresh_from_db()
    assert stocktake.status == StocktakeStatus.REVIEWING
    assert StockBalance.objects.get(item=paper).quantity == 1
    assert not Purchase.objects.exists()
