from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from govoa.core.errors import GovOAError, PermissionDenied
from govoa.core.filenames import file_name
from govoa.core.forms import apply_errors
from govoa.core.xlsx import xlsx_response
from govoa.org import policies, selectors
from govoa.org.forms import AgencyForm, DepartmentForm, ImportForm
from govoa.org.models import Person
from govoa.org.services import imports, structure


def _structure_admin(request: HttpRequest) -> Person:
    me: Person = request.user  # type: ignore[assignment]
    if not policies.can_manage_structure(me, me.agency):
        raise PermissionDenied("只有系统管理员可以管理机关和部门。")
    return me


@login_required
def agency_edit(request: HttpRequest) -> HttpResponse:
    me = _structure_admin(request)
    form = AgencyForm(request.POST or None, instance=me.agency)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                structure.agency_update(actor=me, agency=me.agency, data=form.cleaned_data)
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, "机关信息已保存。")
                return redirect("org:console")
        else:
            status = 400
    return render(
        request, "org/agency_form.html", {"form": form, "active_nav": "admin"}, status=status
    )


@login_required
def department_list(request: HttpRequest) -> HttpResponse:
    me = _structure_admin(request)
    return render(
        request,
        "org/department_list.html",
        {
            "tree": selectors.department_tree(agency=me.agency),
            "active_nav": "admin",
        },
    )


@login_required
def department_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    me = _structure_admin(request)
    department = selectors.department_get_for_person(person=me, pk=pk) if pk else None
    form = DepartmentForm(request.POST or None, instance=department, agency=me.agency)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if department is None:
                    structure.department_create(
                        actor=me,
                        agency=me.agency,
                        name=data["name"],
                        code=data["code"],
                        parent=data["parent"],
                        order=data["order"],
                    )
                else:
                    structure.department_update(actor=me, department=department, data=data)
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, "部门已保存。")
                return redirect("org:department_list")
        else:
            status = 400
    return render(
        request,
        "org/department_form.html",
        {"form": form, "department": department, "active_nav": "admin"},
        status=status,
    )


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    me: Person = request.user  # type: ignore[assignment]
    if not policies.can_manage_accounts(me, me.agency):
        raise PermissionDenied("只有系统管理员可以批量导入。")
    form = ImportForm(request.POST or None, request.FILES or None)
    status, result, error = 200, None, None
    if request.method == "POST":
        if form.is_valid():
            try:
                result = imports.org_import_xlsx(
                    actor=me, agency=me.agency, upload=form.cleaned_data["file"]
                )
            except GovOAError as exc:
                error, status = exc, exc.status
        else:
            status = 400
    return render(
        request,
        "org/import.html",
        {
            "form": form,
            "result": result,
            "error": error,
            "active_nav": "admin",
        },
        status=status,
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    me: Person = request.user  # type: ignore[assignment]
    if not policies.can_manage_accounts(me, me.agency):
        raise PermissionDenied("只有系统管理员可以批量导入。")
    return xlsx_response(file_name(me, "部门和人员导入模板", "xlsx"), imports.import_template())
