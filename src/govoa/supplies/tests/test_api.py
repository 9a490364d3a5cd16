"""``/api/v1/supply-items``, ``/stock-movements``, ``/supply-requisitions``: the permission
matrix and a plan's whole path over HTTP."""

import io

import pytest

from govoa.core.xlsx import workbook_bytes
from govoa.flow.models import WorkItem
from govoa.supplies.models import StockBalance
from govoa.supplies.services.catalogue import HEADERS, SHEET
from govoa.testing.permissions import Matrix
from govoa.testing.supplies import supplies_cast, supplies_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return supplies_cast(people)


@pytest.fixture
def ledger(people, cast):
    return supplies_ledger(people, cast)


def test_permission_matrix(client, people, cast, ledger, other_agency_person):
    item, plan = ledger.item_ids[0], ledger.requisition_ids[0]
    for url in [f"/api/v1/supply-items/{item}", f"/api/v1/supply-requisitions/{plan}"]:
        Matrix(url, api=True).check(client, in_scope=people.staff, out_of_scope=other_agency_person)
    # A member of another department sees the catalogue, not this department's plan.
    Matrix(f"/api/v1/supply-requisitions/{plan}", api=True).check(
        client, in_scope=cast.keeper, out_of_scope=people.registrar
    )
    for url in ["/api/v1/supply-items", "/api/v1/stock-movements", "/api/v1/supply-requisitions"]:
        Matrix(url, api=True).check(client, in_scope=people.staff)
    # The 三员 see nothing of the business.
    client.force_login(people.sys_admin)
    assert client.get(f"/api/v1/supply-items/{item}").status_code == 404
    assert client.get("/api/v1/stock-movements").json()["items"] == []


def test_lists_are_scoped_and_paged_by_keyset(client, people, cast, ledger):
    client.force_login(people.registrar)  # office staff: no 领用 of the office yet
    assert client.get("/api/v1/stock-movements").json()["items"] == []
    assert client.get("/api/v1/supply-requisitions").json()["items"] == []
    client.force_login(cast.keeper)
    first = client.get("/api/v1/stock-movements?limit=2").json()
    assert [m["kind"] for m in first["items"]] == ["issue", "stock_in"]
    second = client.get(f"/api/v1/stock-movements?limit=2&after={first['next_after']}").json()
    assert [m["kind"] for m in second["items"]] == ["stock_in"]
    assert second["next_after"] is None
    items = client.get("/api/v1/supply-items").json()["items"]
    assert [(i["code"], i["balance"], i["low"]) for i in items] == [
        ("BG-001", 37, False),
        ("BG-002", 5, True),
    ]


def test_a_plan_over_http_from_draft_to_issue(client, people, cast, ledger):
    paper = ledger.item_ids[0]
    client.force_login(people.staff)
    bad = client.post(
        "/api/v1/supply-requisitions",
        {"period": "2026-13", "lines": [{"item_id": paper, "quantity": 2}]},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"] == {"period": ["计划期间格式不对（如 2026-12）。"]}
    created = client.post(
        "/api/v1/supply-requisitions",
        {"period": "2026-12", "lines": [{"item_id": paper, "quantity": 6}]},
        content_type="application/json",
    )
    assert created.status_code == 201
    plan = created.json()
    url = f"/api/v1/supply-requisitions/{plan['id']}"
    assert client.post(f"{url}/submit").json()["status"] == "reviewing"
    assert client.post(f"{url}/submit").status_code == 409
    item = WorkItem.objects.get(instance__subject_id=plan["id"], status="open")
    client.force_login(cast.office_head)
    acted = client.post(
        f"/api/v1/work-items/{item.pk}/act",
        {"action": "approve", "opinion": "同意"},
        content_type="application/json",
    )
    assert acted.status_code == 200
    detail = client.get(url).json()
    assert (detail["status"], detail["approved_by"]) == ("approved", "办公室主任")

    issue = {
        "kind": "issue",
        "item_id": paper,
        "quantity": 6,
        "department_id": people.planning.pk,
        "receiver_id": people.staff.pk,
        "requisition_line_id": detail["lines"][0]["id"],
    }
    client.force_login(people.staff)
    refused = client.post("/api/v1/stock-movements", issue, content_type="application/json")
    assert refused.status_code == 403
    client.force_login(cast.keeper)
    issued = client.post("/api/v1/stock-movements", issue, content_type="application/json")
    assert issued.status_code == 201
    assert (issued.json()["balance_after"], issued.json()["receiver"]) == (31, "规划科员")
    too_many = {**issue, "quantity": 40, "requisition_line_id": None, "note": "临时"}
    short = client.post("/api/v1/stock-movements", too_many, content_type="application/json")
    assert short.status_code == 409
    assert short.json()["error"]["message"].startswith("库存不足：A4 复印纸现有 31包")
    assert StockBalance.objects.get(item_id=paper).quantity == 31


def test_import_over_http_reports_rows(client, cast):
    client.force_login(cast.keeper)
    book = workbook_bytes([(SHEET, HEADERS, [["X-1", "订书机", "", "", "文具", 1, ""]])])
    upload = io.BytesIO(book)
    upload.name = "目录.xlsx"
    response = client.post("/api/v1/supply-items/import", {"file": upload})
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["rows"] == ["第 2 行：请填写计量单位。"]
