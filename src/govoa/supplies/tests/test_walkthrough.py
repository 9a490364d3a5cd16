"""The routine walked over HTTP as its users would, against the standard's text (目录 → 申领计划
→ 审核 → 汇总采购 → 验收入库 → 领用 → 盘点), with bad input at each step: every refusal is a
Chinese message with a 4xx status and changes nothing; and the ways around the separation of
duties (approving one's own plan, 转办 or 代理 to the requester) are closed."""

import datetime

import pytest

from govoa.audit.models import AuditEvent
from govoa.core.vocabulary import Role
from govoa.flow.models import FlowInstance, WorkItem
from govoa.org.models import PersonStatus
from govoa.org.services.delegations import delegation_create
from govoa.supplies.models import (
    Purchase,
    Requisition,
    StockBalance,
    StockMovement,
    Stocktake,
    SupplyItem,
)
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.factories import grant, make_person
from govoa.testing.openapi import assert_documented
from govoa.testing.supplies import make_item, supplies_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return supplies_cast(people)


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _refused(response, status, text=""):
    """A 4xx with a Chinese message (and ``text`` in it), never a 500."""
    assert response.status_code == status, response.content
    body = response.content.decode()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body), body
    assert text in body, body


def _state():
    """Everything the stockroom's writes can change."""
    return (
        list(StockBalance.objects.order_by("item_id").values_list("item_id", "quantity")),
        StockMovement.objects.count(),
        SupplyItem.objects.count(),
        list(Requisition.objects.order_by("pk").values_list("pk", "status", "purchase_id")),
        list(Purchase.objects.order_by("pk").values_list("pk", "status")),
        list(Stocktake.objects.order_by("pk").values_list("pk", "status")),
    )


def _open_item(subject_type, subject_id):
    return WorkItem.objects.get(
        instance__subject_type=subject_type, instance__subject_id=subject_id, status="open"
    )


def _act(client, item, action="approve", **people_picked):
    return _post(
        client,
        f"/api/v1/work-items/{item.pk}/act",
        {"action": action, "opinion": "同意", **people_picked},
    )


def test_the_routine_over_http_with_bad_input_at_each_step(
    client, people, cast, other_agency_person
):
    keeper, office_head = cast.keeper, cast.office_head
    energy_staff = make_person(department=people.energy, real_name="能源科员", username="nyky")
    foreign_keeper = make_person(department=other_agency_person.department, username="wjgly")
    grant(foreign_keeper, Role.SUPPLIES_KEEPER)
    foreign_item = make_item(foreign_keeper, "WJ-001", stock=50)

    # 目录: the keeper adds an item; bad fields are refused one by one.
    client.force_login(keeper)
    good = {"code": "BG-101", "name": "A4 复印纸", "unit": "包", "category": "纸张"}
    before = _state()
    for bad in [
        {**good, "code": ""},
        {**good, "name": "   "},
        {**good, "safety_stock": -1},
        {**good, "safety_stock": 10**12},
        {**good, "unit": "单位名称太长了超过十个字"},
    ]:
        _refused(_post(client, "/api/v1/supply-items", bad), 422)
    assert _state() == before
    paper = _post(client, "/api/v1/supply-items", {**good, "safety_stock": 10}).json()["id"]
    _refused(_post(client, "/api/v1/supply-items", good), 422, "BG-101")

    # 期初入库, then a bad 入库 of each kind changes nothing.
    stock_in = {"kind": "stock_in", "item_id": paper, "quantity": 12, "note": "期初结存"}
    assert _post(client, "/api/v1/stock-movements", stock_in).status_code == 201
    before = _state()
    _refused(_post(client, "/api/v1/stock-movements", {**stock_in, "quantity": 0}), 422)
    _refused(_post(client, "/api/v1/stock-movements", {**stock_in, "quantity": -5}), 422)
    _refused(_post(client, "/api/v1/stock-movements", {**stock_in, "quantity": 10**9}), 422)
    _refused(_post(client, "/api/v1/stock-movements", {**stock_in, "note": ""}), 422, "来源")
    _refused(
        _post(client, "/api/v1/stock-movements", {**stock_in, "item_id": foreign_item.pk}), 404
    )
    assert _state() == before

    # 申领计划: a planning staff member plans for their department.
    client.force_login(people.staff)
    plan_body = {"period_kind": "monthly", "period": "2026-12", "lines": []}
    for lines, period in [
        ([], "2026-12"),
        ([{"item_id": paper, "quantity": 30}], "2026-13"),
        ([{"item_id": paper, "quantity": 30}], "十二月"),
        ([{"item_id": foreign_item.pk, "quantity": 3}], "2026-12"),
        ([{"item_id": paper, "quantity": 3}, {"item_id": paper, "quantity": 2}], "2026-12"),
    ]:
        body = {**plan_body, "lines": lines, "period": period}
        _refused(_post(client, "/api/v1/supply-requisitions", body), 422)
    assert _state() == before
    body = {**plan_body, "lines": [{"item_id": paper, "quantity": 30}]}
    plan = _post(client, "/api/v1/supply-requisitions", body).json()["id"]

    # Another department's staff neither sees nor submits the plan; the keeper cannot submit it.
    client.force_login(energy_staff)
    assert client.get(f"/api/v1/supply-requisitions/{plan}").status_code == 404
    _refused(_post(client, f"/api/v1/supply-requisitions/{plan}/submit", {}), 404)
    client.force_login(other_agency_person)
    assert client.get(f"/api/v1/supply-requisitions/{plan}").status_code == 404
    client.force_login(people.staff)
    assert _post(client, f"/api/v1/supply-requisitions/{plan}/submit", {}).status_code == 200
    _refused(_post(client, f"/api/v1/supply-requisitions/{plan}/submit", {}), 409)

    # 办公室审核: the requester cannot act on the office's item; the office head approves.
    review = _open_item("supplies.requisition", plan)
    assert review.assignee == office_head
    _refused(_act(client, review), 404)
    client.force_login(office_head)
    assert _act(client, review).status_code == 200
    assert Requisition.objects.get(pk=plan).status == "approved"

    # 汇总采购 → 采购记录: a future date, a negative price, a plan of another agency are refused.
    client.force_login(keeper)
    purchase_body = {
        "supplier": "测试市办公用品公司",
        "ordered_on": FROZEN_TODAY.isoformat(),
        "lines": [{"item_id": paper, "quantity": 40, "unit_price": "23.50"}],
        "requisition_ids": [plan],
    }
    before = _state()
    tomorrow = (FROZEN_TODAY + datetime.timedelta(days=1)).isoformat()
    foreign_line = {"item_id": foreign_item.pk, "quantity": 1, "unit_price": "1"}
    for bad in [
        {**purchase_body, "supplier": " "},
        {**purchase_body, "ordered_on": tomorrow},
        {**purchase_body, "lines": [{"item_id": paper, "quantity": 40, "unit_price": "-1"}]},
        {**purchase_body, "lines": [{"item_id": paper, "quantity": 0, "unit_price": "1"}]},
        {**purchase_body, "lines": [foreign_line]},
        {**purchase_body, "requisition_ids": [plan, 10**9]},
    ]:
        _refused(_post(client, "/api/v1/supply-purchases", bad), 422)
    assert _state() == before
    purchase = _post(client, "/api/v1/supply-purchases", purchase_body).json()["id"]
    _refused(_post(client, "/api/v1/supply-purchases", purchase_body), 422, "已汇总采购")

    # 验收入库: once; another agency's keeper cannot receive it.
    client.force_login(foreign_keeper)
    _refused(_post(client, f"/api/v1/supply-purchases/{purchase}/receive", {}), 404)
    client.force_login(keeper)
    assert _post(client, f"/api/v1/supply-purchases/{purchase}/receive", {}).status_code == 200
    _refused(_post(client, f"/api/v1/supply-purchases/{purchase}/receive", {}), 409)
    assert StockBalance.objects.get(item_id=paper).quantity == 52

    # 领用 against the approved plan: bad receivers, departments, lines and amounts refused.
    line = Requisition.objects.get(pk=plan).lines.get().pk
    issue = {
        "kind": "issue",
        "item_id": paper,
        "quantity": 10,
        "department_id": people.planning.pk,
        "receiver_id": people.staff.pk,
        "requisition_line_id": line,
    }
    before = _state()
    for bad, status in [
        ({"receiver_id": people.sec_admin.pk}, 422),  # the 三员 handle no business
        ({"receiver_id": other_agency_person.pk}, 422),
        ({"department_id": other_agency_person.department_id}, 422),
        ({"department_id": people.energy.pk}, 422),  # the plan is 规划处's
        ({"quantity": 31}, 422),  # more than approved
        ({"requisition_line_id": 10**9}, 422),
        ({"requisition_line_id": None}, 422),  # ad hoc without a purpose
    ]:
        _refused(_post(client, "/api/v1/stock-movements", {**issue, **bad}), status)
    client.force_login(people.staff)
    _refused(_post(client, "/api/v1/stock-movements", issue), 403)
    assert _state() == before
    client.force_login(keeper)
    assert _post(client, "/api/v1/stock-movements", issue).status_code == 201
    ad_hoc = {**issue, "requisition_line_id": None, "note": "临时会议用纸", "quantity": 43}
    _refused(_post(client, "/api/v1/stock-movements", ad_hoc), 409, "库存不能为负数")
    assert StockBalance.objects.get(item_id=paper).quantity == 42

    # 盘点: one at a time; counts must be sane and only for the stocktake's items.
    stocktake = _post(client, "/api/v1/supply-stocktakes", {"title": "年末盘点"}).json()["id"]
    second = _post(client, "/api/v1/supply-stocktakes", {"title": "再盘一次"})
    _refused(second, 409, "年末盘点")
    assert_documented(second, "POST", "/api/v1/supply-stocktakes")
    before = _state()
    for counts in [
        [{"item_id": paper, "counted": -1}],
        [{"item_id": paper, "counted": 10**12}],
        [{"item_id": foreign_item.pk, "counted": 3}],
    ]:
        url = f"/api/v1/supply-stocktakes/{stocktake}/counts"
        _refused(_post(client, url, {"counts": counts}), 422)
    _refused(_post(client, f"/api/v1/supply-stocktakes/{stocktake}/submit", {}), 422, "未填写")
    assert _state() == before
    url = f"/api/v1/supply-stocktakes/{stocktake}/counts"
    assert _post(client, url, {"counts": [{"item_id": paper, "counted": 40}]}).status_code == 200
    assert _post(client, f"/api/v1/supply-stocktakes/{stocktake}/submit", {}).status_code == 200
    _refused(_post(client, url, {"counts": [{"item_id": paper, "counted": 41}]}), 409)
    # Still one at a time while the first is under review: two approved stocktakes of the same
    # shelf would take the same difference off twice.
    _refused(_post(client, "/api/v1/supply-stocktakes", {"title": "再盘一次"}), 409, "年末盘点")
    assert StockBalance.objects.get(item_id=paper).quantity == 42  # no adjustment before approval
    client.force_login(office_head)
    assert _act(client, _open_item("supplies.stocktake", stocktake)).status_code == 200
    assert StockBalance.objects.get(item_id=paper).quantity == 40
    [adjustment] = StockMovement.objects.filter(item_id=paper, kind="adjust")
    assert (adjustment.quantity, adjustment.created_by) == (-2, office_head)
    client.force_login(keeper)
    assert _post(client, "/api/v1/supply-stocktakes", {"title": "次年盘点"}).status_code == 201

    # 账实相符 at the end of the walk: the balance is the sum of the movements.
    movements = StockMovement.objects.filter(item_id=paper).values_list("quantity", flat=True)
    assert sum(movements) == StockBalance.objects.get(item_id=paper).quantity == 40

    # Every act on the plan is in its 办理过程: submitted, reviewed, purchased, received, issued.
    client.force_login(people.staff)
    instance = FlowInstance.objects.get(subject_type="supplies.requisition", subject_id=plan)
    trail = [e["text"] for e in client.get(f"/api/v1/flows/{instance.pk}/trail").json()]
    acts = [
        f"{keeper.real_name} 汇总采购：测试市办公用品公司，采购日期 {FROZEN_TODAY:%Y-%m-%d}",
        f"{keeper.real_name} 验收入库：测试市办公用品公司",
        f"{keeper.real_name} 领用：A4 复印纸 10包，领用人 {people.staff.real_name}",
    ]
    assert trail[-3:] == acts, trail
    assert trail[0].startswith(people.staff.real_name)
    assert trail[1].startswith(office_head.real_name)


def test_the_requester_cannot_get_round_the_review(client, people, cast):
    """Separation of duties the other way round: an office head's own plan goes to the other
    office head, who can neither 转办 it back to the requester nor to someone outside the role;
    a delegate who is the requester does not receive the review."""
    second_head = make_person(department=people.office, real_name="办公室副主任", username="bgsfzr")
    grant(second_head, Role.OFFICE_HEAD)
    item = make_item(cast.keeper, "BG-001", stock=10)
    # The first office head asks for leave with the requester as delegate.
    delegation_create(
        actor=second_head,
        principal=second_head,
        delegate=cast.office_head,
        starts_on=FROZEN_TODAY,
        ends_on=FROZEN_TODAY + datetime.timedelta(days=3),
        reason="出差",
    )
    client.force_login(cast.office_head)
    body = {"period": "2026-12", "lines": [{"item_id": item.pk, "quantity": 3}]}
    plan = _post(client, "/api/v1/supply-requisitions", body).json()["id"]
    assert _post(client, f"/api/v1/supply-requisitions/{plan}/submit", {}).status_code == 200
    # The review stays with the other office head: the requester may not stand in for them.
    [review] = WorkItem.objects.filter(
        instance__subject_type="supplies.requisition", instance__subject_id=plan, status="open"
    )
    assert (review.assignee, review.delegated_from) == (second_head, None)
    _refused(_act(client, review), 422, "职责分离")  # in the role's reach, barred as requester

    client.force_login(second_head)
    _refused(_act(client, review, "forward", to_person=cast.office_head.pk), 422, "申领人")
    _refused(_act(client, review, "forward", to_person=people.staff.pk), 422)
    _refused(_act(client, review, "forward", to_person=second_head.pk), 422, "自己")
    review.refresh_from_db()
    assert review.status == "open"
    assert Requisition.objects.get(pk=plan).status == "reviewing"
    assert AuditEvent.objects.filter(action="supplies.requisition.submit").count() == 1

    # With no other office head left, the submission itself is refused and says why.
    second_head.status = PersonStatus.TRANSFERRED  # 调离: no other office head is left
    second_head.save(update_fields=["status"])
    client.force_login(cast.office_head)
    again = _post(client, "/api/v1/supply-requisitions", body).json()["id"]
    _refused(_post(client, f"/api/v1/supply-requisitions/{again}/submit", {}), 422)
    assert Requisition.objects.get(pk=again).status == "draft"
