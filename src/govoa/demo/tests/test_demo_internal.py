"""The demo's 办公用品 and 印章: data in every state, ledgers that reconcile, pages that open."""

from django.db.models import Sum

from govoa.demo.seed import seed_demo
from govoa.org.models import Person


def test_demo_supplies_reconcile_and_show_low_stock(client, db):
    from govoa.supplies.models import Requisition, StockBalance, StockMovement

    seed_demo()
    for balance in StockBalance.objects.select_related("item"):
        moved = StockMovement.objects.filter(item=balance.item).aggregate(s=Sum("quantity"))["s"]
        assert balance.quantity == moved >= 0, balance.item
    assert sorted(Requisition.objects.values_list("status", flat=True)) == [
        "approved",
        "reviewing",
    ]
    client.force_login(Person.objects.get(username="sunwei"))
    page = client.get("/supplies/").content.decode()
    assert page.count("低库存") >= 2  # A3 复印纸 (4 ≤ 5) and 硒鼓 (1 ≤ 4)
    assert client.get("/supplies/report/").status_code == 200


def test_demo_seals_have_usages_in_every_state_and_a_register(client, db):
    from govoa.seals.models import SealUsage

    seed_demo()
    statuses = sorted(SealUsage.objects.values_list("status", flat=True))
    # The 批复 of the 复文 demo (demo/replies.py) is stamped at its 用印 step too, and the
    # joint 通知 (demo/joint.py) by each agency's keeper, each in its own agency's register.
    assert statuses == ["approved", "rejected", "reviewing", *["stamped"] * 5]
    from_outgoing = SealUsage.objects.get(
        document_type="outgoing.outgoingdocument",
        document_title="某市发展和改革委员会关于做好2027年重点项目谋划储备工作的通知",
    )
    assert from_outgoing.approved_by.username == "zhangzhiqiang"
    client.force_login(Person.objects.get(username="chenxiuying"))
    register = client.get("/seals/register/").content.decode()
    assert "报送2026年度重点项目计划" in register
    assert from_outgoing.document_title in register


def test_demo_search_and_statistics(client, db):
    from govoa.reports.models import SupervisionBulletin

    seed_demo()
    client.force_login(Person.objects.get(username="chenxiuying"))
    found = client.get("/api/v1/search", {"q": "重点项目"}).json()
    assert found["count"] > 0
    assert "<mark>" in found["items"][0]["snippet"] + found["items"][0]["title_html"]
    page = client.get("/search/", {"q": "重点项目"})
    assert page.status_code == 200
    assert SupervisionBulletin.objects.count() == 1
    client.force_login(Person.objects.get(username="wangjianguo"))
    statistics = client.get("/reports/").content.decode()
    assert "收文办理" in statistics
    assert "echarts-6.1.0.min.js" in statistics
    assert client.get("/reports/bulletins/").status_code == 200
