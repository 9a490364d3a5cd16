"""The keeper's stockroom screens: 盘点 (count sheet, 送审; adjustments only on approval)
and 采购 (a purchase record from approved plans, 验收入库)."""

import re
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.core.errors import GovOAError, PermissionDenied, ValidationFailed
from govoa.core.forms import apply_errors
from govoa.org.models import Person
from govoa.supplies import policies, selectors
from govoa.supplies.forms import PurchaseForm, StocktakeForm
from govoa.supplies.models import SupplyItem
from govoa.supplies.services.purchases import purchase_create, purchase_receive
from govoa.supplies.services.stocktakes import stocktake_count, stocktake_create, stocktake_submit

COUNT_FIELD = re.compile(r"^count_(\d{1,18})$")


def me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _keeper(person: Person) -> None:
    if not policies.is_keeper(person):
        raise PermissionDenied("只有物品管理员可以办理盘点和采购。")


@login_required
def stocktake_list(request: HttpRequest) -> HttpResponse:
    person = me(request)
    if not policies.sees_all_supplies(person):
        raise PermissionDenied("只有物品管理员和办公室可以查看盘点。")
    form = StocktakeForm(request.POST or None) if policies.is_keeper(person) else None
    status = 200
    if request.method == "POST":
        _keeper(person)
        assert form is not None
        if form.is_valid():
            try:
                stocktake = stocktake_create(actor=person, title=form.cleaned_data["title"])
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                return redirect("supplies:stocktake_detail", pk=stocktake.pk)
        else:
            status = 400
    return render(
        request,
        "supplies/stocktakes.html",
        {
            "stocktakes": list(selectors.stocktakes_list(person=person)[:100]),
            "form": form,
            "active_nav": "supplies",
        },
        status=status,
    )


def _stocktake_page(
    request: HttpRequest, pk: int, status: int = 200, error: str = ""
) -> HttpResponse:
    person = me(request)
    stocktake = selectors.stocktake_get_for_person(person=person, pk=pk)
    instance, my_item = selectors.subject_flow(
        person=person, subject_type=policies.STOCKTAKE_TYPE, subject_id=stocktake.pk
    )
    return render(
        request,
        "supplies/stocktake.html",
        {
            "stocktake": stocktake,
            "lines": selectors.stocktake_lines(stocktake),
            "editable": policies.is_keeper(person) and stocktake.status == "counting",
            "instance": instance,
            "my_item": my_item,
            "error": error,
            "active_nav": "supplies",
        },
        status=status,
    )


@login_required
def stocktake_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _stocktake_page(request, pk)


@login_required
@require_POST
def stocktake_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the counts entered; with ``submit``, send the stocktake for approval too."""
    person = me(request)
    stocktake = selectors.stocktake_get_for_person(person=person, pk=pk)
    counts: dict[int, int] = {}
    for key in request.POST:
        match = COUNT_FIELD.match(key)
        value = str(request.POST.get(key, "")).strip()
        if match and value:
            if not value.isdigit() or len(value) > 8:
                return _stocktake_page(request, pk, 422, "实盘数量应为不小于 0 的整数。")
            counts[int(match.group(1))] = int(value)
    try:
        if counts:
            stocktake_count(actor=person, stocktake_id=stocktake.pk, counts=counts)
        if "submit" in request.POST:
            stocktake_submit(actor=person, stocktake_id=stocktake.pk)
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        detail = "；".join(m for msgs in exc.fields.values() for m in msgs)
        return _stocktake_page(request, pk, exc.status, detail or exc.message)
    messages.success(
        request, "已送办公室审批。" if "submit" in request.POST else "已保存实盘数量。"
    )
    return redirect("supplies:stocktake_detail", pk=pk)


def _purchase_lines(person: Person, text: str) -> list[tuple[int, int, Decimal]]:
    codes = dict(SupplyItem.objects.filter(agency_id=person.agency_id).values_list("code", "pk"))
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = raw.split()
        if not parts:
            continue
        try:
            if len(parts) != 3 or parts[0] not in codes or not parts[1].isdigit():
                raise InvalidOperation
            lines.append((codes[parts[0]], int(parts[1][:7]), Decimal(parts[2][:12])))
        except InvalidOperation:
            raise ValidationFailed(
                fields={"lines": [f"第 {number} 行应为“物品编码 数量 单价”，且编码在目录中。"]}
            ) from None
    return lines


@login_required
def purchase_list(request: HttpRequest) -> HttpResponse:
    person = me(request)
    _keeper(person)
    form = PurchaseForm(
        request.POST or None, requisitions=selectors.purchasable_requisitions(person=person)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                purchase = purchase_create(
                    actor=person,
                    supplier=data["supplier"],
                    ordered_on=data["ordered_on"],
                    lines=_purchase_lines(person, data["lines"]),
                    requisition_ids=[r.pk for r in data["requisitions"]],
                    note=data["note"],
                )
            except GovOAError as exc:
                if exc.status in (403, 404):
                    raise
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, "已登记采购，到货验收后请点“验收入库”。")
                return redirect("supplies:purchase_detail", pk=purchase.pk)
        else:
            status = 400
    return render(
        request,
        "supplies/purchases.html",
        {
            "purchases": list(selectors.purchases_list(person=person)[:100]),
            "form": form,
            "active_nav": "supplies",
        },
        status=status,
    )


@login_required
def purchase_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    purchase = selectors.purchase_get_for_person(person=person, pk=pk)
    return render(
        request,
        "supplies/purchase.html",
        {
            "purchase": purchase,
            "lines": purchase.lines.select_related("item").order_by("item__code"),
            "requisitions": purchase.requisitions.select_related("department"),
            "can_receive": policies.is_keeper(person) and purchase.status == "ordered",
            "active_nav": "supplies",
        },
    )


@login_required
@require_POST
def purchase_receive_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    purchase = selectors.purchase_get_for_person(person=person, pk=pk)
    try:
        purchase_receive(actor=person, purchase_id=purchase.pk)
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, "已验收入库。")
    return redirect("supplies:purchase_detail", pk=pk)
