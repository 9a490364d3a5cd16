from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.core.errors import GovOAError, NotFound, PermissionDenied, ValidationFailed
from govoa.core.filenames import file_name
from govoa.core.forms import apply_errors
from govoa.core.paging import paginate
from govoa.core.validation import ids_from
from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Classification, Role
from govoa.core.xlsx import xlsx_response
from govoa.org import pickers, policies, selectors
from govoa.org.forms import ClearanceForm, PersonForm, RoleGrantForm, StatusForm
from govoa.org.models import Person, PersonStatus
from govoa.org.policies import may_handle_business
from govoa.org.services import people as people_services
from govoa.org.services import roles as role_services
from govoa.org.services.exports import people_export_xlsx


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _require_console(person: Person) -> None:
    if not policies.can_see_admin_console(person):
        raise PermissionDenied("只有系统管理员或安全保密管理员可以进入系统管理。")


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """通讯录: active colleagues of one's agency."""
    me = _me(request)
    search = request.GET.get("q", "").strip()[:50]
    people = selectors.person_list(person=me, search=search, status=PersonStatus.ACTIVE)
    return render(
        request,
        "org/directory.html",
        {
            "page_obj": paginate(request, people, per_page=50),
            "q": search,
            "active_nav": "directory",
        },
    )


@login_required
def console(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    _require_console(me)
    return render(
        request,
        "org/console.html",
        {
            "active_nav": "admin",
            "can_structure": policies.can_manage_structure(me, me.agency),
            "can_accounts": policies.can_manage_accounts(me, me.agency),
            "can_roles": me.has_role("sec_admin"),
        },
    )


def _department_id(raw: str) -> int | None:
    """``?department=``: one id, or no filter for anything else (never an error)."""
    try:
        ids = ids_from(raw, "department")
    except ValidationFailed:
        return None
    return ids[0] if len(ids) == 1 else None


def _filtered_people(request: HttpRequest, me: Person) -> QuerySet[Person]:
    return selectors.person_list(
        person=me,
        search=request.GET.get("q", "").strip()[:50],
        department_id=_department_id(request.GET.get("department", "")),
        status=request.GET.get("status", "")
        if request.GET.get("status") in PersonStatus.values
        else "",
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    _require_console(me)
    people = _filtered_people(request, me).prefetch_related("role_assignments")
    return render(
        request,
        "org/person_list.html",
        {
            "page_obj": paginate(request, people),
            "active_nav": "admin",
            "departments": selectors.department_list(person=me).filter(is_active=True),
            "statuses": PersonStatus.choices,
            "can_create": policies.can_manage_accounts(me, me.agency),
        },
    )


@login_required
def person_export(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    _require_console(me)
    people = _filtered_people(request, me).prefetch_related("role_assignments")
    content = people_export_xlsx(actor=me, people=people, query=request.GET.urlencode())
    return xlsx_response(file_name(me, "人员名单", "xlsx"), content)


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if not policies.can_manage_accounts(me, me.agency):
        raise PermissionDenied("只有系统管理员可以创建账户。")
    form = PersonForm(request.POST or None, agency=me.agency)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                person, password = people_services.person_create(
                    actor=me,
                    agency=me.agency,
                    username=data["username"],
                    real_name=data["real_name"],
                    department=data["department"],
                    title=data["title"],
                    rank_order=data["rank_order"],
                    phone=data["phone"],
                    email=data["email"],
                )
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                return render(
                    request,
                    "org/person_password.html",
                    {
                        "target": person,
                        "password": password,
                        "created": True,
                        "active_nav": "admin",
                    },
                )
        else:
            status = 400
    return render(
        request,
        "org/person_form.html",
        {"form": form, "active_nav": "admin", "creating": True},
        status=status,
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    _require_console(me)
    target = selectors.person_get_for_person(person=me, pk=pk)
    return render(
        request,
        "org/person_detail.html",
        {
            "target": target,
            "active_nav": "admin",
            "assignments": selectors.role_assignment_list(person=me).filter(person=target),
            "can_edit": policies.can_edit_person(me, target),
            "can_grant": policies.can_grant_roles(me, target),
            "can_revoke": policies.can_revoke_roles(me, target),
            "admin_roles": sorted(SECURITY_ADMIN_ROLES),
            "status_form": StatusForm(initial={"status": target.status}),
            "clearance_form": ClearanceForm(initial={"clearance": target.clearance}),
            "role_form": RoleGrantForm(agency=me.agency),
            "delegations": selectors.delegation_list(person=me, principal=target)[:10],
        },
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    target = selectors.person_get_for_person(person=me, pk=pk)
    if not policies.can_edit_person(me, target):
        raise PermissionDenied("只有系统管理员可以修改人员信息，且不能修改自己的账户。")
    form = PersonForm(request.POST or None, instance=target, agency=me.agency)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                people_services.person_update(actor=me, person=target, data=form.cleaned_data)
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, "人员信息已保存。")
                return redirect("org:person_detail", pk=target.pk)
        else:
            status = 400
    return render(
        request,
        "org/person_form.html",
        {"form": form, "target": target, "active_nav": "admin"},
        status=status,
    )


@require_POST
@login_required
def person_status(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    target = selectors.person_get_for_person(person=me, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择有效的状态。")
    else:
        people_services.person_set_status(
            actor=me, person=target, status=form.cleaned_data["status"]
        )
        messages.success(request, "状态已更新。")
    return redirect("org:person_detail", pk=target.pk)


@require_POST
@login_required
def person_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    target = selectors.person_get_for_person(person=me, pk=pk)
    password = people_services.person_reset_password(actor=me, person=target)
    return render(
        request,
        "org/person_password.html",
        {"target": target, "password": password, "active_nav": "admin"},
    )


@require_POST
@login_required
def person_clearance(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    target = selectors.person_get_for_person(person=me, pk=pk)
    form = ClearanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择有效的涉密等级。")
    else:
        role_services.clearance_set(
            actor=me, person=target, clearance=form.cleaned_data["clearance"]
        )
        messages.success(
            request, f"涉密等级已设为{Classification(form.cleaned_data['clearance']).label}。"
        )
    return redirect("org:person_detail", pk=target.pk)


@require_POST
@login_required
def person_role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    target = selectors.person_get_for_person(person=me, pk=pk)
    form = RoleGrantForm(request.POST, agency=me.agency)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
        return redirect("org:person_detail", pk=target.pk)
    try:
        role_services.role_grant(
            actor=me,
            person=target,
            role=form.cleaned_data["role"],
            scope=form.cleaned_data["scope"],
            departments=form.cleaned_data["departments"],
        )
    except GovOAError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.message)
        for field_messages in exc.fields.values():
            for message in field_messages:
                messages.error(request, message)
    else:
        messages.success(request, "角色已授予。")
    return redirect("org:person_detail", pk=target.pk)


@require_POST
@login_required
def person_role_revoke(request: HttpRequest, pk: int, role: str) -> HttpResponse:
    me = _me(request)
    target = selectors.person_get_for_person(person=me, pk=pk)
    role_services.role_revoke(actor=me, person=target, role=role)
    messages.success(request, "角色已收回。")
    return redirect("org:person_detail", pk=target.pk)


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    _require_console(me)
    role = request.GET.get("role", "")
    assignments = selectors.role_assignment_list(person=me, role=role)
    return render(
        request,
        "org/role_list.html",
        {
            "page_obj": paginate(request, assignments, per_page=50),
            "active_nav": "admin",
            "role": role,
            "roles": Role.choices,
        },
    )


@login_required
def people_search(request: HttpRequest) -> HttpResponse:
    """The people pickers' search: ``?scope=<signed scope>&q=<text>`` → up to 20 matches as
    JSON. Only business people search, and only within their own agency (else 404)."""
    me = _me(request)
    scope = pickers.read_scope(request.GET.get("scope", "")[:500])
    if scope is None or not may_handle_business(me) or scope["a"] != me.agency_id:
        raise NotFound("没有可选的人员。")
    found, more = pickers.search_people(scope, request.GET.get("q", "")[:50])
    results = [{"id": p.pk, "label": pickers.person_label(p)} for p in found]
    return JsonResponse({"results": results, "more": more})
