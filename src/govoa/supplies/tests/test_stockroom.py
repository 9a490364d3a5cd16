"""盘点 and 采购 through the keeper's screens."""

import pytest

from govoa.flow.models import WorkItem
from govoa.supplies.models import StockBalance, StockMovement
from govoa.supplies.services.requisitions import requisition_create, requisition_submit
from govoa.testing.permissions import Matrix
from govoa.testing.supplies import supplies_cast, supplies_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return supplies_cast(people)


@pytest.fixture
def ledger(people, cast):
    return supplies_ledger(people, cast)


def test_stocktake_through_the_pages(client, people, cast, ledger):
    paper, pens = ledger.item_ids
    Matrix("/supplies/stocktakes/", out_of_scope_status=403).check(
        client, in_scope=cast.keeper, out_of_scope=people.staff
    )
    client.force_login(cast.keeper)
    created = client.post("/supplies/stocktakes/", {"title": "年末盘点"})
    assert created.status_code == 302
    url = created["Location"]
    save = f"{url}save/"
    bad = client.post(save, {f"count_{paper}": "很多"})
    assert bad.status_code == 422
    early = client.post(save, {f"count_{paper}": "35", "submit": "1"})
    assert early.status_code == 422
    assert "还有物品未填写实盘数量" in early.content.decode()
    client.post(save, {f"count_{paper}": "35", f"count_{pens}": "5", "submit": "1"})
    assert not StockMovement.objects.filter(kind="adjust").exists()
    item = WorkItem.objects.get(instance__subject_type="supplies.stocktake", status="open")
    client.force_login(cast.office_head)
    assert f"/flow/items/{item.pk}/" in client.get(url).content.decode()
    client.post(f"/flow/items/{item.pk}/act/", {"action": "approve", "opinion": "同意调整"})
    assert StockBalance.objects.get(item_id=paper).quantity == 35
    [adjustment] = StockMovement.objects.filter(kind="adjust")
    assert (adjustment.quantity, adjustment.created_by) == (-2, cast.office_head)


def test_purchase_from_plans_to_stock(client, people, cast, ledger):
    paper = ledger.item_ids[0]
    plan = requisition_create(
        actor=people.staff, period_kind="monthly", period="2026-12", lines=[(paper, 30)]
    )
    requisition_submit(actor=people.staff, requisition_id=plan.pk)
    review = WorkItem.objects.get(instance__subject_id=plan.pk, status="open")
    client.force_login(cast.office_head)
    client.post(f"/flow/items/{review.pk}/act/", {"action": "approve", "opinion": "同意"})
    Matrix("/supplies/purchases/", out_of_scope_status=403).check(
        client, in_scope=cast.keeper, out_of_scope=cast.office_head
    )
    client.force_login(cast.keeper)
    form = {"supplier": "某文具公司", "ordered_on": "2026-11-16", "requisitions": [plan.pk]}
    bad = client.post("/supplies/purchases/", {**form, "lines": "BG-001 二十 23.5"})
    assert bad.status_code == 422, bad.context["form"].errors
    created = client.post("/supplies/purchases/", {**form, "lines": "BG-001 20 23.50"})
    assert created.status_code == 302
    url = created["Location"]
    assert client.post(f"{url}receive/", follow=True).status_code == 200
    assert StockBalance.objects.get(item_id=paper).quantity == 57
    again = client.post(f"{url}receive/", follow=True)
    assert "该采购已验收入库，不能重复入库" in again.content.decode()
    assert StockBalance.objects.get(item_id=paper).quantity == 57
    plan.refresh_from_db()
    assert plan.purchase_id is not None
