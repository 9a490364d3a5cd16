"""设备与存储介质 screens: the register, a device (交接, 定期检查, 数据清除, 送修/报废,
送修返回). Views parse, call one service or selector, render."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from govoa.core.errors import GovOAError, PermissionDenied
from govoa.core.forms import apply_errors
from govoa.equipment import policies, selectors
from govoa.equipment.forms import AssignForm, CheckForm, DeviceForm, DisposalForm, WipeForm
from govoa.equipment.services.care import (
    CheckData,
    data_wipe_record,
    device_check_record,
    device_return,
    disposal_request,
)
from govoa.equipment.services.register import DeviceData, device_assign, device_register
from govoa.equipment.workflow import DeviceKind
from govoa.org.models import Person
from govoa.org.policies import may_handle_business

PAGE = 50


def me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _after(request: HttpRequest) -> int | None:
    raw = request.GET.get("after", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    person = me(request)
    if not may_handle_business(person):
        raise PermissionDenied("系统管理员、安全保密管理员和安全审计员不办理业务。")
    kind = request.GET.get("kind", "")
    kind = kind if kind in DeviceKind.values else ""
    overdue = request.GET.get("overdue") == "1"
    today = timezone.localdate()
    rows = list(
        selectors.device_list(
            person=person,
            kind=kind,
            overdue_on=today if overdue else None,
            after=_after(request),
        )[: PAGE + 1]
    )
    return render(
        request,
        "equipment/index.html",
        {
            "devices": rows[:PAGE],
            "next_after": rows[PAGE - 1].pk if len(rows) > PAGE else None,
            "kinds": DeviceKind.choices,
            "kind": kind,
            "overdue": overdue,
            "today": today,
            "can_manage": policies.can_manage_equipment(person),
            "active_nav": "equipment",
        },
    )


@login_required
def device_new(request: HttpRequest) -> HttpResponse:
    person = me(request)
    if not policies.can_manage_equipment(person):
        raise PermissionDenied("只有办公室主任可以登记设备。")
    form = DeviceForm(request.POST or None, agency_id=person.agency_id)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                device = device_register(
                    actor=person,
                    data=DeviceData(
                        kind=data["kind"],
                        asset_number=data["asset_number"],
                        model_name=data["model_name"],
                        serial_number=data["serial_number"],
                        is_classified=data["is_classified"],
                        classification=data["classification"],
                        holder_id=data["holder"].pk,
                        note=data["note"],
                    ),
                )
            except GovOAError as exc:
                if exc.status in (403, 404):
                    raise
                apply_errors(form, exc, field_map={"holder_id": "holder"})
                status = exc.status
            else:
                messages.success(request, f"已登记“{device}”。")
                return redirect("equipment:device_detail", pk=device.pk)
        else:
            status = 400
    return render(
        request,
        "equipment/device_new.html",
        {"form": form, "active_nav": "equipment"},
        status=status,
    )


def _device_page(
    request: HttpRequest, pk: int, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    person = me(request)
    device = selectors.device_get_for_person(person=person, pk=pk)
    manager = policies.can_manage_equipment(person)
    agency = person.agency_id
    blank: dict[str, Callable[[], forms.Form]] = {
        "assign_form": lambda: AssignForm(agency_id=agency),
        "check_form": lambda: CheckForm(initial={"checked_on": timezone.localdate()}),
        "wipe_form": lambda: WipeForm(agency_id=agency),
        "disposal_form": DisposalForm,
    }
    page_forms: dict[str, Any] = {
        name: bound.get(name) or (make() if manager else None) for name, make in blank.items()
    }
    return render(
        request,
        "equipment/device.html",
        {
            "device": device,
            "overdue": device.check_due_on < timezone.localdate(),
            "checks": selectors.device_checks(device),
            "wipes": selectors.device_wipes(device),
            "assignments": selectors.device_assignments(device),
            "disposals": selectors.device_disposals(device),
            "can_manage": manager,
            "active_nav": "equipment",
            **page_forms,
        },
        status=status,
    )


@login_required
def device_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _device_page(request, pk)


def _act(
    request: HttpRequest,
    pk: int,
    form: forms.Form,
    name: str,
    call: Callable[[Person, dict[str, Any]], Any],
    done: str,
    field_map: dict[str, str] | None = None,
) -> HttpResponse:
    """Parse ``form``, run ``call`` (one service), back to the device page or its errors."""
    person = me(request)
    selectors.device_get_for_person(person=person, pk=pk)  # outsiders: 404
    if not form.is_valid():
        return _device_page(request, pk, 400, **{name: form})
    try:
        call(person, form.cleaned_data)
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        apply_errors(form, exc, field_map=field_map)
        return _device_page(request, pk, exc.status, **{name: form})
    messages.success(request, done)
    return redirect("equipment:device_detail", pk=pk)


@login_required
@require_POST
def device_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = AssignForm(request.POST, agency_id=me(request).agency_id)
    return _act(
        request,
        pk,
        form,
        "assign_form",
        lambda actor, d: device_assign(
            actor=actor, device_id=pk, holder_id=d["holder"].pk, note=d["note"]
        ),
        "已登记交接。",
        {"holder_id": "holder"},
    )


@login_required
@require_POST
def device_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        CheckForm(request.POST),
        "check_form",
        lambda actor, d: device_check_record(actor=actor, device_id=pk, data=CheckData(**d)),
        "已登记检查。",
    )


@login_required
@require_POST
def device_wipe_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = WipeForm(request.POST, agency_id=me(request).agency_id)
    return _act(
        request,
        pk,
        form,
        "wipe_form",
        lambda actor, d: data_wipe_record(
            actor=actor,
            device_id=pk,
            method=d["method"],
            wiped_on=d["wiped_on"],
            witness_id=d["witness"].pk,
            note=d["note"],
        ),
        "已登记数据清除。",
        {"witness_id": "witness"},
    )


@login_required
@require_POST
def device_disposal_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        DisposalForm(request.POST),
        "disposal_form",
        lambda actor, d: disposal_request(actor=actor, device_id=pk, **d),
        "已送主要领导审批。",
    )


@login_required
@require_POST
def device_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    selectors.device_get_for_person(person=person, pk=pk)
    try:
        device_return(actor=person, device_id=pk)
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return _device_page(request, pk, exc.status)
    messages.success(request, "已登记送修返回，设备恢复在用。")
    return redirect("equipment:device_detail", pk=pk)
