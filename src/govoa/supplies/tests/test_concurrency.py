"""20 concurrent issues of the last 5 items, in real transactions on PostgreSQL."""

import threading

import pytest
from django.db import connection

from govoa.core.errors import Conflict
from govoa.supplies.models import StockBalance, StockMovement
from govoa.supplies.services.stock import stock_issue
from govoa.testing.supplies import make_item, supplies_cast

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_issues_of_the_last_five_issue_exactly_five(people):
    cast = supplies_cast(people)
    item = make_item(cast.keeper, stock=5)
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(20)

    def attempt() -> None:
        try:
            barrier.wait()
            stock_issue(
                actor=cast.keeper,
                item_id=item.pk,
                quantity=1,
                department_id=people.planning.pk,
                receiver_id=people.staff.pk,
                note="日常办公",
            )
            result = "ok"
        except Conflict:
            result = "409"
        except Exception as exc:
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["409"] * 15 + ["ok"] * 5, outcomes
    assert StockBalance.objects.get(item=item).quantity == 0
    issues = StockMovement.objects.filter(item=item, kind="issue").order_by("id")
    assert [m.balance_after for m in issues] == [4, 3, 2, 1, 0]
