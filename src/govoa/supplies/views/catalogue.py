"""办公用品 screens: the catalogue with balances, an item's ledger (领用 and 入库 for the
keeper), plans, the import, and the consumption report. Each view parses, calls one
service or selector, renders."""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from govoa.core.errors import GovOAError, PermissionDenied, ValidationFailed
from govoa.core.forms import apply_errors
from govoa.core.xlsx import xlsx_response
from govoa.org.models import Person
from govoa.org.policies import may_handle_business
from govoa.supplies import policies, selectors
from govoa.supplies.forms import ImportForm, IssueForm, ReportForm, RequisitionForm, StockInForm
from govoa.supplies.models import SupplyItem
from govoa.supplies.services.catalogue import import_template, supply_items_import_xlsx
from govoa.supplies.services.requisitions import requisition_create, requisition_submit
from govoa.supplies.services.stock import stock_in, stock_issue

PAGE = 50


def me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _business(person: Person) -> None:
    if not may_handle_business(person):
        raise PermissionDenied("系统管理员、安全保密管理员和安全审计员不办理业务。")


def _after(request: HttpRequest) -> int | None:
    raw = request.GET.get("after", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def _page(rows: QuerySet) -> tuple[list[Any], int | None]:
    found = list(rows[: PAGE + 1])
    return found[:PAGE], (found[PAGE - 1].pk if len(found) > PAGE else None)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """物品目录 with balances and 低库存 marks (the catalogue is bounded: hundreds of items)."""
    person = me(request)
    _business(person)
    query = request.GET.get("q", "")[:50].replace("\x00", "")
    items = list(selectors.supply_items_list(person=person, query=query)[:500])
    return render(
        request,
        "supplies/index.html",
        {
            "items": items,
            "q": query,
            "is_keeper": policies.is_keeper(person),
            "sees_all": policies.sees_all_supplies(person),
            "can_request": policies.can_request(person),
            "active_nav": "supplies",
        },
    )


def _item_page(
    request: HttpRequest, item: SupplyItem, status: int = 200, **forms: Any
) -> HttpResponse:
    person = me(request)
    movements, next_after = _page(
        selectors.movements_list(
            person=person,
            filters=selectors.MovementFilters(item_id=item.pk),
            after=_after(request),
        )
    )
    keeper = policies.is_keeper(person)
    context = {
        "item": item,
        "movements": movements,
        "next_after": next_after,
        "is_keeper": keeper,
        "issue_form": forms.get("issue_form")
        or (IssueForm(agency_id=person.agency_id) if keeper else None),
        "stock_in_form": forms.get("stock_in_form") or (StockInForm() if keeper else None),
        "active_nav": "supplies",
    }
    return render(request, "supplies/item.html", context, status=status)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.supply_item_get_for_person(person=me(request), pk=pk)
    return _item_page(request, item)


@login_required
@require_POST
def item_issue(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    item = selectors.supply_item_get_for_person(person=person, pk=pk)
    form = IssueForm(request.POST, agency_id=person.agency_id)
    if not form.is_valid():
        return _item_page(request, item, 400, issue_form=form)
    try:
        movement = stock_issue(
            actor=person,
            item_id=item.pk,
            quantity=form.cleaned_data["quantity"],
            department_id=form.cleaned_data["department"].pk,
            receiver_id=form.cleaned_data["receiver"].pk,
            requisition_line_id=form.cleaned_data["requisition_line_id"],
            note=form.cleaned_data["note"],
        )
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        apply_errors(form, exc, field_map={"receiver_id": "receiver"})
        return _item_page(request, item, exc.status, issue_form=form)
    messages.success(
        request, f"已领用 {-movement.quantity}{item.unit}，结存 {movement.balance_after}。"
    )
    return redirect("supplies:item_detail", pk=item.pk)


@login_required
@require_POST
def item_stock_in(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    item = selectors.supply_item_get_for_person(person=person, pk=pk)
    form = StockInForm(request.POST)
    if not form.is_valid():
        return _item_page(request, item, 400, stock_in_form=form)
    try:
        movement = stock_in(
            actor=person,
            item_id=item.pk,
            quantity=form.cleaned_data["quantity"],
            note=form.cleaned_data["note"],
        )
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        apply_errors(form, exc)
        return _item_page(request, item, exc.status, stock_in_form=form)
    messages.success(
        request, f"已入库 {movement.quantity}{item.unit}，结存 {movement.balance_after}。"
    )
    return redirect("supplies:item_detail", pk=item.pk)


@login_required
def item_import(request: HttpRequest) -> HttpResponse:
    person = me(request)
    if not policies.can_manage_catalogue(person):
        raise PermissionDenied("只有物品管理员可以导入物品目录。")
    if request.GET.get("template"):
        return xlsx_response("物品目录导入模板.xlsx", import_template())
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                items = supply_items_import_xlsx(actor=person, upload=form.cleaned_data["file"])
            except ValidationFailed as exc:
                form.add_error(None, exc.message)
                for row in exc.fields.get("rows", []):
                    form.add_error(None, row)
                status = exc.status
            else:
                messages.success(request, f"已导入 {len(items)} 种物品。")
                return redirect("supplies:index")
        else:
            status = 400
    return render(
        request, "supplies/import.html", {"form": form, "active_nav": "supplies"}, status=status
    )


@login_required
def requisition_list(request: HttpRequest) -> HttpResponse:
    person = me(request)
    _business(person)
    plans, next_after = _page(selectors.requisitions_list(person=person, after=_after(request)))
    return render(
        request,
        "supplies/requisitions.html",
        {
            "plans": plans,
            "next_after": next_after,
            "can_request": policies.can_request(person),
            "active_nav": "supplies",
        },
    )


def _parse_lines(person: Person, text: str) -> list[tuple[int, int]]:
    codes = dict(SupplyItem.objects.filter(agency_id=person.agency_id).values_list("code", "pk"))
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = raw.split()
        if not parts:
            continue
        if len(parts) != 2 or not parts[1].isdigit() or parts[0] not in codes:
            raise ValidationFailed(
                fields={"lines": [f"第 {number} 行应为“物品编码 数量”，且编码在目录中。"]}
            )
        lines.append((codes[parts[0]], int(parts[1][:7])))
    return lines


@login_required
def requisition_new(request: HttpRequest) -> HttpResponse:
    person = me(request)
    if not policies.can_request(person):
        raise PermissionDenied("只有本机关有部门的工作人员可以提交申领计划。")
    form = RequisitionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = requisition_create(
                    actor=person,
                    period_kind=form.cleaned_data["period_kind"],
                    period=form.cleaned_data["period"],
                    lines=_parse_lines(person, form.cleaned_data["lines"]),
                    note=form.cleaned_data["note"],
                )
            except GovOAError as exc:
                if exc.status in (403, 404):
                    raise
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, "已保存申领计划草稿，核对后请送审。")
                return redirect("supplies:requisition_detail", pk=plan.pk)
        else:
            status = 400
    return render(
        request,
        "supplies/requisition_new.html",
        {"form": form, "active_nav": "supplies"},
        status=status,
    )


@login_required
def requisition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    plan = selectors.requisition_get_for_person(person=person, pk=pk)
    instance, my_item = selectors.requisition_flow(person=person, requisition=plan)
    return render(
        request,
        "supplies/requisition.html",
        {
            "plan": plan,
            "lines": selectors.requisition_lines(plan),
            "instance": instance,
            "my_item": my_item,
            "may_submit": plan.requester_id == person.pk and plan.status == "draft",
            "active_nav": "supplies",
        },
    )


@login_required
@require_POST
def requisition_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    plan = selectors.requisition_get_for_person(person=person, pk=pk)
    try:
        requisition_submit(actor=person, requisition_id=plan.pk)
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, "已送办公室审核。")
    return redirect("supplies:requisition_detail", pk=plan.pk)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """领用统计 per department for a period (this month by default)."""
    person = me(request)
    if not policies.can_see_reports(person):
        raise PermissionDenied("只有物品管理员和办公室可以查看领用统计。")
    today = timezone.localdate()
    form = ReportForm(request.GET or {"date_from": today.replace(day=1), "date_to": today})
    rows = []
    if form.is_valid():
        start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        if end - start > datetime.timedelta(days=3660):
            form.add_error(None, "统计期间不能超过十年。")
        else:
            rows = selectors.consumption_by_department(person=person, date_from=start, date_to=end)
    return render(
        request,
        "supplies/report.html",
        {
            "form": form,
            "rows": rows,
            "low": list(selectors.low_stock_items(person=person)[:200]),
            "purchase": selectors.purchase_list(person=person),
            "active_nav": "supplies",
        },
    )
