"""``/api/v1/supply-purchases`` and ``/api/v1/supply-stocktakes``: the permission matrix, and
purchase → 验收入库 and count → 送审 → approval over HTTP, through the same services."""

import pytest

from govoa.audit.models import AuditEvent, Outcome
from govoa.flow.models import WorkItem
from govoa.supplies.models import StockBalance, StockMovement
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.permissions import Matrix
from govoa.testing.supplies import supplies_cast, supplies_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return supplies_cast(people)


@pytest.fixture
def ledger(people, cast):
    return supplies_ledger(people, cast)


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _purchase(client, ledger, quantity=20):
    return _post(
        client,
        "/api/v1/supply-purchases",
        {
            "supplier": "测试市办公用品公司",
            "ordered_on": FROZEN_TODAY.isoformat(),
            "lines": [{"item_id": ledger.item_ids[0], "quantity": quantity, "unit_price": "23.50"}],
        },
    )


def test_permission_matrix(client, people, cast, ledger, other_agency_person):
    client.force_login(cast.keeper)
    purchase = _purchase(client, ledger).json()["id"]
    stocktake = _post(client, "/api/v1/supply-stocktakes", {"title": "月末盘点"}).json()["id"]
    for url in [
        f"/api/v1/supply-purchases/{purchase}",
        f"/api/v1/supply-stocktakes/{stocktake}",
        f"/api/v1/supply-stocktakes/{stocktake}/lines",
    ]:
        # Staff and another agency: nothing to see (404); the office head sees it.
        Matrix(url, api=True).check(client, in_scope=cast.office_head, out_of_scope=people.staff)
        Matrix(url, api=True).check(client, in_scope=cast.keeper, out_of_scope=other_agency_person)
    for url in ["/api/v1/supply-purchases", "/api/v1/supply-stocktakes"]:
        Matrix(url, api=True).check(client, in_scope=people.staff)
    Matrix(f"/api/v1/supply-purchases/{purchase}/receive", method="post", api=True).check(
        client, in_scope=cast.keeper, out_of_scope=other_agency_person
    )
    counts = {"counts": [{"item_id": ledger.item_ids[0], "counted": 37}]}
    Matrix(
        f"/api/v1/supply-stocktakes/{stocktake}/counts", method="post", data=counts, api=True
    ).check(client, in_scope=cast.keeper, out_of_scope=people.staff)
    # Creating is the keeper's: others are refused (403) and the refusal is audited.
    for url, body in [
        ("/api/v1/supply-purchases", None),
        ("/api/v1/supply-stocktakes", {"title": "越权盘点"}),
    ]:
        client.force_login(people.staff)
        refused = _purchase(client, ledger) if body is None else _post(client, url, body)
        assert refused.status_code == 403
    assert (
        AuditEvent.objects.filter(
            action__in=["supplies.purchase.create", "supplies.stocktake.create"],
            outcome=Outcome.DENIED,
            actor_id=people.staff.pk,
        ).count()
        == 2
    )
    # The 三员 see nothing of the business.
    client.force_login(people.sys_admin)
    assert client.get("/api/v1/supply-purchases").json()["items"] == []
    assert client.get(f"/api/v1/supply-purchases/{purchase}").status_code == 404


def test_purchase_and_receipt_over_http(client, people, cast, ledger):
    client.force_login(cast.keeper)
    bad = _post(
        client,
        "/api/v1/supply-purchases",
        {
            "supplier": "某公司",
            "ordered_on": FROZEN_TODAY.isoformat(),
            "lines": [{"item_id": 2**40, "quantity": 1, "unit_price": "1.00"}],
        },
    )
    assert bad.status_code == 422
    assert "不在目录中" in bad.content.decode()
    created = _purchase(client, ledger)
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["lines"][0]["unit_price"], body["lines"][0]["quantity"]) == (
        "ordered",
        "23.50",
        20,
    )
    url = f"/api/v1/supply-purchases/{body['id']}"
    assert client.get("/api/v1/supply-purchases").json()["items"][0]["id"] == body["id"]
    received = client.post(f"{url}/receive")
    assert received.status_code == 200
    assert received.json()["received_by"] == "物品管理员"
    assert StockBalance.objects.get(item_id=ledger.item_ids[0]).quantity == 37 + 20
    again = client.post(f"{url}/receive")
    assert again.status_code == 409
    assert "不能重复入库" in again.json()["error"]["message"]
    assert StockBalance.objects.get(item_id=ledger.item_ids[0]).quantity == 57


def test_stocktake_count_submit_and_approve_over_http(client, people, cast, ledger):
    paper, pens = ledger.item_ids
    client.force_login(cast.keeper)
    created = _post(client, "/api/v1/supply-stocktakes", {"title": "2026 年第四季度盘点"})
    assert created.status_code == 201
    url = f"/api/v1/supply-stocktakes/{created.json()['id']}"
    lines = client.get(f"{url}/lines?limit=1").json()
    assert lines["next_after"] is not None
    rest = client.get(f"{url}/lines?after={lines['next_after']}").json()
    book = {line["item_id"]: line["book_quantity"] for line in lines["items"] + rest["items"]}
    assert book == {paper: 37, pens: 5}
    early = client.post(f"{url}/submit")
    assert early.status_code == 422
    assert "未填写实盘数量" in early.json()["error"]["message"]
    counted = _post(
        client,
        f"{url}/counts",
        {"counts": [{"item_id": paper, "counted": 35}, {"item_id": pens, "counted": 5}]},
    )
    assert counted.status_code == 200
    unknown = _post(client, f"{url}/counts", {"counts": [{"item_id": 2**40, "counted": 1}]})
    assert unknown.status_code == 422
    assert client.post(f"{url}/submit").json()["status"] == "reviewing"
    late = _post(client, f"{url}/counts", {"counts": [{"item_id": paper, "counted": 1}]})
    assert late.status_code == 409
    assert not StockMovement.objects.filter(kind="adjust").exists()  # only on approval
    item = WorkItem.objects.get(instance__subject_type="supplies.stocktake", status="open")
    client.force_login(item.assignee)
    approved = _post(client, f"/api/v1/work-items/{item.pk}/act", {"action": "approve"})
    assert approved.status_code == 200
    assert client.get(url).json()["status"] == "approved"
    assert StockBalance.objects.get(item_id=paper).quantity == 35
