"""The 办公用品 screens: permission matrix, the keeper's 领用 through the form, a plan from
form to review, the import page, query counts that do not grow with the ledger."""

import io

import pytest

from govoa.core.xlsx import workbook_bytes
from govoa.flow.models import WorkItem
from govoa.supplies.models import StockBalance, StockMovement, SupplyItem
from govoa.supplies.services.catalogue import HEADERS, SHEET
from govoa.supplies.services.stock import stock_issue
from govoa.testing.permissions import Matrix
from govoa.testing.queries import query_count
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
    for url in [f"/supplies/items/{item}/", f"/supplies/requisitions/{plan}/"]:
        Matrix(url).check(client, in_scope=people.staff, out_of_scope=other_agency_person)
    Matrix(f"/supplies/requisitions/{plan}/").check(
        client, in_scope=people.dept_head, out_of_scope=people.registrar
    )
    for url in ["/supplies/", "/supplies/requisitions/", "/supplies/requisitions/new/"]:
        Matrix(url).check(client, in_scope=people.staff)
    for url in ["/supplies/report/", "/supplies/import/"]:
        Matrix(url, out_of_scope_status=403).check(
            client, in_scope=cast.keeper, out_of_scope=people.staff
        )
    for url in [f"/supplies/items/{item}/issue/", f"/supplies/items/{item}/stock-in/"]:
        Matrix(url, method="post", out_of_scope_status=404, in_scope_status=400).check(
            client, in_scope=cast.keeper, out_of_scope=other_agency_person
        )
    client.force_login(people.sys_admin)
    assert client.get("/supplies/").status_code == 403


def test_the_keeper_issues_through_the_form(client, people, cast, ledger):
    paper = ledger.item_ids[0]
    client.force_login(cast.keeper)
    page = client.get(f"/supplies/items/{paper}/")
    assert "登记领用" in page.content.decode()
    assert 'data-picker="/org/people/search/"' in page.content.decode()
    assert people.dept_head.real_name not in page.content.decode()  # no list of the agency
    form = {
        "quantity": 50,
        "department": people.planning.pk,
        "receiver": people.staff.pk,
        "note": "会议",
    }
    short = client.post(f"/supplies/items/{paper}/issue/", form)
    assert short.status_code == 409
    assert "库存不足：A4 复印纸现有 37包" in short.content.decode()
    form["receiver"] = people.audit_admin.pk  # the 三员 are not among the choices
    form["quantity"] = 2
    unknown = client.post(f"/supplies/items/{paper}/issue/", form)
    assert unknown.status_code == 400
    assert "有效" in unknown.content.decode()
    form["receiver"] = people.staff.pk
    done = client.post(f"/supplies/items/{paper}/issue/", form, follow=True)
    assert "已领用 2包，结存 35" in done.content.decode()
    assert StockBalance.objects.get(item_id=paper).quantity == 35
    client.force_login(people.staff)  # staff see the page, never the forms
    page = client.get(f"/supplies/items/{paper}/").content.decode()
    assert "登记领用" not in page
    assert client.post(f"/supplies/items/{paper}/issue/", form).status_code == 403


def test_a_plan_from_the_form_to_review(client, people, cast, ledger):
    client.force_login(people.staff)
    bad = client.post(
        "/supplies/requisitions/new/",
        {"period_kind": "monthly", "period": "2026-12", "lines": "NOPE 3"},
    )
    assert bad.status_code == 422
    assert "第 1 行应为“物品编码 数量”" in bad.content.decode()
    created = client.post(
        "/supplies/requisitions/new/",
        {"period_kind": "monthly", "period": "2026-12", "lines": "BG-001 4\nBG-002 10"},
    )
    assert created.status_code == 302
    url = created["Location"]
    submitted = client.post(f"{url}submit/", follow=True)
    assert "已送办公室审核" in submitted.content.decode()
    client.force_login(cast.office_head)
    page = client.get(url).content.decode()
    item = WorkItem.objects.get(instance__subject_id=int(url.rstrip("/").rsplit("/", 1)[1]))
    assert f"/flow/items/{item.pk}/" in page


def test_import_page_lists_every_bad_row(client, cast):
    client.force_login(cast.keeper)
    assert client.get("/supplies/import/?template=1")["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    rows = [["X-1", "订书机", "", "", "文具", 1, ""], ["X-2", "胶水", "", "瓶", "", 1, ""]]
    upload = io.BytesIO(workbook_bytes([(SHEET, HEADERS, rows)]))
    upload.name = "目录.xlsx"
    response = client.post("/supplies/import/", {"file": upload})
    assert response.status_code == 422
    text = response.content.decode()
    assert "第 2 行：请填写计量单位。" in text
    assert "第 3 行：请填写类别。" in text
    assert not SupplyItem.objects.filter(code__startswith="X-").exists()


def test_ledger_page_queries_do_not_grow_with_the_history(client, people, cast, ledger):
    paper = ledger.item_ids[0]
    client.force_login(cast.keeper)
    client.get(f"/supplies/items/{paper}/")  # warm the session and role caches
    few = query_count(lambda: client.get(f"/supplies/items/{paper}/"))
    for _ in range(5):
        stock_issue(
            actor=cast.keeper,
            item_id=paper,
            quantity=1,
            department_id=people.energy.pk,
            receiver_id=people.dept_head.pk,
            note="日常",
        )
    assert StockMovement.objects.filter(item_id=paper).count() == 7
    assert query_count(lambda: client.get(f"/supplies/items/{paper}/")) == few


def test_the_navigation_opens_the_module(client, people):
    client.force_login(people.staff)
    assert 'href="/supplies/"' in client.get("/").content.decode()


def test_plan_list_queries_do_not_grow_with_the_plans(client, people, cast, ledger):
    from govoa.supplies.services.requisitions import requisition_create

    client.force_login(people.staff)
    client.get("/supplies/requisitions/")
    few = query_count(lambda: client.get("/supplies/requisitions/"))
    for n in range(1, 6):
        requisition_create(
            actor=people.staff,
            period_kind="monthly",
            period=f"2026-{n:02d}",
            lines=[(ledger.item_ids[0], n)],
        )
    assert query_count(lambda: client.get("/supplies/requisitions/")) == few
