"""The stock ledger's invariants: balance = Σ movements ≥ 0, whatever the sequence."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govoa.audit.models import AuditEvent
from govoa.core.errors import Conflict
from govoa.supplies.models import StockBalance, StockMovement
from govoa.supplies.services.ledger import MovementLinks, movement_append
from govoa.supplies.services.stock import stock_in, stock_issue
from govoa.supplies.workflow import MovementKind
from govoa.testing.supplies import make_item, supplies_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return supplies_cast(people)


OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["in", "issue", "adjust"]), st.integers(-30, 30)),
    min_size=1,
    max_size=25,
)


def _sum(item) -> int:
    return StockMovement.objects.filter(item=item).aggregate(s=Sum("quantity"))["s"] or 0


def _apply(people, cast, item, kind: str, amount: int) -> None:
    if kind == "in":
        stock_in(actor=cast.keeper, item_id=item.pk, quantity=amount, note="调入")
    elif kind == "issue":
        stock_issue(
            actor=cast.keeper,
            item_id=item.pk,
            quantity=amount,
            department_id=people.planning.pk,
            receiver_id=people.staff.pk,
            note="日常办公",
        )
    else:  # adjustments are applied by an approved stocktake (test_flows); the primitive here
        movement_append(
            actor=cast.keeper,
            item=item,
            kind=MovementKind.ADJUST,
            delta=amount,
            links=MovementLinks(note="盘点调整"),
        )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_balance_is_the_sum_of_movements_and_never_negative(people, cast, operations):
    with transaction.atomic():  # each example rolls back what it wrote
        item = make_item(cast.keeper, "HYP-1")
        expected = 0
        for kind, amount in operations:
            change = -amount if kind == "issue" else amount
            if change == 0 or (kind != "adjust" and amount <= 0):
                continue
            if expected + change < 0:
                with pytest.raises(Conflict, match="库存不足"):
                    _apply(people, cast, item, kind, amount)
            else:
                _apply(people, cast, item, kind, amount)
                expected += change
            balance = StockBalance.objects.get(item=item).quantity
            assert balance == _sum(item) == expected >= 0
        last = StockMovement.objects.filter(item=item).order_by("-id").first()
        if last is not None:
            assert last.balance_after == expected
        transaction.set_rollback(True)


def test_a_refused_issue_changes_nothing(people, cast):
    item = make_item(cast.keeper, stock=3)
    events = AuditEvent.objects.count()
    with pytest.raises(Conflict) as refused:
        stock_issue(
            actor=cast.keeper,
            item_id=item.pk,
            quantity=4,
            department_id=people.planning.pk,
            receiver_id=people.staff.pk,
            note="日常办公",
        )
    assert refused.value.status == 409
    assert refused.value.message == "库存不足：A4 复印纸现有 3包，本次需减少 4包，库存不能为负数。"
    assert StockBalance.objects.get(item=item).quantity == 3
    assert StockMovement.objects.filter(item=item).count() == 1
    assert AuditEvent.objects.count() == events


def test_movements_cannot_be_changed_or_deleted(people, cast):
    item = make_item(cast.keeper, stock=3)
    movement = StockMovement.objects.get(item=item)
    movement.quantity = 300
    with pytest.raises(ValueError, match="不可修改"):
        movement.save()
    with pytest.raises(ValueError, match="不可删除"):
        movement.delete()
    assert StockMovement.objects.get(item=item).quantity == 3


UPDATE = "UPDATE supplies_stockmovement SET quantity = 300 WHERE id = %s"
DELETE = "DELETE FROM supplies_stockmovement WHERE item_id = %s"


def test_the_database_refuses_a_raw_update_of_a_movement(people, cast):
    item = make_item(cast.keeper, stock=3)
    movement = StockMovement.objects.get(item=item)
    with (
        pytest.raises(DatabaseError, match="只允许追加"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(UPDATE, [movement.pk])
    with pytest.raises(DatabaseError, match="只允许追加"), transaction.atomic():
        StockMovement.objects.filter(pk=movement.pk).update(note="改过")
    assert StockMovement.objects.get(pk=movement.pk).quantity == 3


@pytest.mark.postgres_only
def test_postgresql_refuses_a_raw_delete_of_a_movement(people, cast):
    item = make_item(cast.keeper, stock=3)
    with (
        pytest.raises(DatabaseError, match="只允许追加"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(DELETE, [item.pk])
    assert StockMovement.objects.filter(item=item).count() == 1
