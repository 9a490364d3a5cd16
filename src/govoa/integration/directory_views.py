"""目录同步: the system administrator's page — compare the LDAP directory with the agency
(dry run), read the diff, tick what may be deactivated, apply. Accounts and departments only:
no business data (三员 rules)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.core.errors import GovOAError, NotFound
from govoa.integration import directory
from govoa.integration.directory_sync import directory_apply, directory_plan
from govoa.integration.models import DirectorySyncRun, DirectorySyncStatus
from govoa.integration.views import _admin

RECENT_RUNS = 20


def _page(request: HttpRequest, run: DirectorySyncRun | None, status: int = 200) -> HttpResponse:
    me = _admin(request)
    recent = list(
        DirectorySyncRun.objects.filter(agency_id=me.agency_id)
        .select_related("created_by", "applied_by")
        .order_by("-id")[:RECENT_RUNS]
    )
    if run is None:
        run = next((r for r in recent if r.status == DirectorySyncStatus.PLANNED), None)
    return render(
        request,
        "integration/directory.html",
        {
            "run": run,
            "recent": recent,
            "configured": directory.configured(),
            "active_nav": "integration",
        },
        status=status,
    )


@login_required
def directory_home(request: HttpRequest) -> HttpResponse:
    _admin(request)
    return _page(request, None)


@login_required
def directory_run(request: HttpRequest, pk: int) -> HttpResponse:
    me = _admin(request)
    run = DirectorySyncRun.objects.filter(pk=pk, agency_id=me.agency_id).first()
    if run is None:
        raise NotFound("目录比对记录不存在。")
    return _page(request, run)


@login_required
@require_POST
def directory_compare(request: HttpRequest) -> HttpResponse:
    me = _admin(request)
    try:
        run = directory_plan(actor=me, agency=me.agency)
    except GovOAError as exc:
        messages.error(request, exc.message)
        return _page(request, None, status=exc.status)
    return redirect("integration:directory_run", run.pk)


@login_required
@require_POST
def directory_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    me = _admin(request)
    try:
        run = directory_apply(
            actor=me,
            run_id=pk,
            deactivate_people=request.POST.getlist("deactivate_person"),
            deactivate_departments=request.POST.getlist("deactivate_department"),
        )
    except NotFound:
        raise
    except GovOAError as exc:
        messages.error(request, exc.message)
        current = DirectorySyncRun.objects.filter(pk=pk, agency_id=me.agency_id).first()
        return _page(request, current, status=exc.status)
    messages.success(request, "已按确认的比对结果同步。")
    return redirect("integration:directory_run", run.pk)
