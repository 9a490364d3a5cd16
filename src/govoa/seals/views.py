"""印章管理 screens: the registry, a seal (交接, 停用/封存/销毁), 用印申请, 用印 by the
custodian, and the 用印登记簿 with its exports. Views parse, call one service or selector,
render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.core.dates import period_text
from govoa.core.downloads import download_view
from govoa.core.errors import GovOAError, NotFound, PermissionDenied, ValidationFailed
from govoa.core.filenames import file_stem
from govoa.core.forms import apply_errors
from govoa.core.http import generated_response
from govoa.documents import registers
from govoa.org.models import Person
from govoa.org.policies import may_handle_business
from govoa.seals import policies, selectors
from govoa.seals.forms import (
    ChangeForm,
    RegisterFilterForm,
    SealForm,
    StampForm,
    TransferForm,
    UsageForm,
)
from govoa.seals.services.changes import seal_change_request
from govoa.seals.services.exports import seal_register_export
from govoa.seals.services.registry import SealData, seal_register, seal_transfer
from govoa.seals.services.usages import UsageData, seal_usage_request, seal_usage_stamp
from govoa.seals.workflow import UsageStatus

PAGE = 50


def me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _business(person: Person) -> None:
    if not may_handle_business(person):
        raise PermissionDenied("系统管理员、安全保密管理员和安全审计员不办理业务。")


def _after(request: HttpRequest) -> int | None:
    raw = request.GET.get("after", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    person = me(request)
    _business(person)
    return render(
        request,
        "seals/index.html",
        {
            "seals": list(selectors.seal_list(person=person)[:500]),
            "can_request": policies.can_request_usage(person),
            "sees_register": policies.can_see_register(person),
            "can_manage": policies.can_manage_seals(person),
            "active_nav": "seals",
        },
    )


@login_required
def seal_new(request: HttpRequest) -> HttpResponse:
    """登记 a seal (the office head), with its impression image."""
    person = me(request)
    if not policies.can_manage_seals(person):
        raise PermissionDenied("只有办公室主任可以登记印章。")
    form = SealForm(request.POST or None, request.FILES or None, agency_id=person.agency_id)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            image = data["impression"]
            try:
                seal = seal_register(
                    actor=person,
                    data=SealData(
                        name=data["name"],
                        seal_type=data["seal_type"],
                        custodian_id=data["custodian"].pk,
                        made_on=data["made_on"],
                        made_approval=data["made_approval"],
                        department_id=data["department"].pk if data["department"] else None,
                        note=data["note"],
                    ),
                    impression=(image.name, image) if image else None,
                )
            except GovOAError as exc:
                if exc.status in (403, 404):
                    raise
                apply_errors(
                    form,
                    exc,
                    field_map={"custodian_id": "custodian", "department_id": "department"},
                )
                status = exc.status
            else:
                messages.success(request, f"已登记“{seal.name}”。")
                return redirect("seals:seal_detail", pk=seal.pk)
        else:
            status = 400
    return render(
        request, "seals/seal_new.html", {"form": form, "active_nav": "seals"}, status=status
    )


def _seal_page(request: HttpRequest, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    person = me(request)
    seal = selectors.seal_get_for_person(person=person, pk=pk)
    manager = policies.can_manage_seals(person)
    return render(
        request,
        "seals/seal.html",
        {
            "seal": seal,
            "transfers": selectors.seal_transfers(seal),
            "changes": selectors.seal_changes(seal),
            "transfer_form": forms.get("transfer_form")
            or (TransferForm(agency_id=person.agency_id) if manager else None),
            "change_form": forms.get("change_form") or (ChangeForm() if manager else None),
            "active_nav": "seals",
        },
        status=status,
    )


@login_required
def seal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _seal_page(request, pk)


@login_required
@require_POST
def seal_transfer_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    seal = selectors.seal_get_for_person(person=person, pk=pk)
    form = TransferForm(request.POST, agency_id=person.agency_id)
    if not form.is_valid():
        return _seal_page(request, pk, 400, transfer_form=form)
    try:
        seal_transfer(
            actor=person,
            seal_id=seal.pk,
            to_custodian_id=form.cleaned_data["to_custodian"].pk,
            note=form.cleaned_data["note"],
        )
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        apply_errors(form, exc, field_map={"custodian_id": "to_custodian"})
        return _seal_page(request, pk, exc.status, transfer_form=form)
    messages.success(request, "已登记交接。")
    return redirect("seals:seal_detail", pk=pk)


@login_required
@require_POST
def seal_change_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    seal = selectors.seal_get_for_person(person=person, pk=pk)
    form = ChangeForm(request.POST)
    if not form.is_valid():
        return _seal_page(request, pk, 400, change_form=form)
    try:
        seal_change_request(
            actor=person,
            seal_id=seal.pk,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
        )
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        apply_errors(form, exc)
        return _seal_page(request, pk, exc.status, change_form=form)
    messages.success(request, "已送主要领导审批。")
    return redirect("seals:seal_detail", pk=pk)


@login_required
def usage_list(request: HttpRequest) -> HttpResponse:
    person = me(request)
    _business(person)
    found = list(selectors.usage_list(person=person, after=_after(request))[: PAGE + 1])
    return render(
        request,
        "seals/usages.html",
        {
            "usages": found[:PAGE],
            "next_after": found[PAGE - 1].pk if len(found) > PAGE else None,
            "can_request": policies.can_request_usage(person),
            "active_nav": "seals",
        },
    )


@login_required
def usage_new(request: HttpRequest) -> HttpResponse:
    person = me(request)
    if not policies.can_request_usage(person):
        raise PermissionDenied("只有本机关有部门的工作人员可以申请用印。")
    form = UsageForm(request.POST or None, request.FILES or None, agency_id=person.agency_id)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            upload = (data["file"].name, data["file"]) if data["file"] else None
            try:
                usage = seal_usage_request(
                    actor=person,
                    data=UsageData(
                        seal_id=data["seal"].pk,
                        reason=data["reason"],
                        use_unit=data["use_unit"],
                        copies=data["copies"],
                        outgoing_document_id=data["outgoing_document_id"],
                    ),
                    upload=upload,
                )
            except GovOAError as exc:
                if exc.status in (403, 404):
                    raise
                apply_errors(form, exc, field_map={"seal_id": "seal"})
                status = exc.status
            else:
                messages.success(request, "已提交用印申请，等待审批。")
                return redirect("seals:usage_detail", pk=usage.pk)
        else:
            status = 400
    return render(
        request, "seals/usage_new.html", {"form": form, "active_nav": "seals"}, status=status
    )


def _usage_page(request: HttpRequest, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    person = me(request)
    usage = selectors.usage_get_for_person(person=person, pk=pk)
    instance, my_item = selectors.usage_flow(person=person, usage=usage)
    custodian = usage.seal.custodian_id == person.pk and usage.status == UsageStatus.APPROVED
    return render(
        request,
        "seals/usage.html",
        {
            "usage": usage,
            "instance": instance,
            "my_item": my_item,
            "stamp_form": forms.get("stamp_form") or (StampForm() if custodian else None),
            "active_nav": "seals",
        },
        status=status,
    )


@login_required
def usage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _usage_page(request, pk)


@login_required
@require_POST
def usage_stamp(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    usage = selectors.usage_get_for_person(person=person, pk=pk)
    form = StampForm(request.POST)
    if not form.is_valid():
        return _usage_page(request, pk, 400, stamp_form=form)
    try:
        seal_usage_stamp(actor=person, usage_id=usage.pk, count=form.cleaned_data["count"])
    except GovOAError as exc:
        if exc.status == 404:
            raise
        apply_errors(form, exc)
        return _usage_page(request, pk, exc.status, stamp_form=form)
    messages.success(request, "已用印，已记入用印登记簿。")
    return redirect("seals:usage_detail", pk=pk)


def _register_filters(request: HttpRequest) -> tuple[RegisterFilterForm, selectors.UsageFilters]:
    """The register's filters; a filter that is none (a date that is no date, a seal not of
    the agency, an end before the start) is refused (422), never dropped: a register or an
    export listing everything would pass for the filtered one."""
    person = me(request)
    form = RegisterFilterForm(request.GET or None, agency_id=person.agency_id)
    if not form.is_bound:
        return form, selectors.UsageFilters()
    if not form.is_valid():
        fields = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        raise ValidationFailed("用印登记簿的筛选条件有误，请修改后再查。", fields=fields)
    data = form.cleaned_data
    return form, selectors.UsageFilters(
        seal_id=data["seal"].pk if data.get("seal") else None,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """用印登记簿 (事由, 单位, 批准人, 用印人, 日期, 份数), filtered, newest first."""
    person = me(request)
    if not policies.can_see_register(person):
        raise PermissionDenied("只有办公室和印章管理员可以查看用印登记簿。")
    try:
        form, filters = _register_filters(request)
    except ValidationFailed:  # the form shows what is wrong; no rows rather than all rows
        form = RegisterFilterForm(request.GET, agency_id=person.agency_id)
        context = {"form": form, "usages": [], "next_after": None, "active_nav": "seals"}
        return render(request, "seals/register.html", context, status=422)
    found = list(
        selectors.register_list(person=person, filters=filters, after=_after(request))[: PAGE + 1]
    )
    return render(
        request,
        "seals/register.html",
        {
            "form": form,
            "usages": found[:PAGE],
            "next_after": found[PAGE - 1].pk if len(found) > PAGE else None,
            "active_nav": "seals",
        },
    )


@download_view
def register_download(request: HttpRequest, fmt: str) -> HttpResponse:
    person = me(request)
    if fmt not in registers.LIMITS:
        raise NotFound()
    if not policies.can_see_register(person):
        raise PermissionDenied("只有办公室和印章管理员可以导出用印登记簿。")
    _form, filters = _register_filters(request)
    found = selectors.register_list(person=person, filters=filters)
    content = seal_register_export(
        actor=person,
        usages=list(found[: registers.LIMITS[fmt] + 1]),
        fmt=fmt,
        period=period_text(filters.date_from, filters.date_to),
        query=request.GET.urlencode(),
    )
    return generated_response(content, fmt=fmt, stem=file_stem(person, "用印登记簿"))
