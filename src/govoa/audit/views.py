from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from govoa.audit.forms import AuditFilterForm
from govoa.audit.policies import can_read_audit
from govoa.audit.selectors import (
    audit_checkpoint_page,
    audit_event_get_for_person,
    audit_event_list,
)
from govoa.audit.services import audit_events_export_xlsx, audit_record
from govoa.audit.verify import verify_chain
from govoa.core.errors import PermissionDenied
from govoa.core.filenames import file_name
from govoa.core.paging import paginate
from govoa.core.xlsx import xlsx_response

EXPORT_LIMIT = 50_000


def _auditor(request: HttpRequest) -> Any:
    if not can_read_audit(request.user):  # type: ignore[arg-type]
        raise PermissionDenied("只有安全审计员可以查看审计日志。")
    return request.user


def _filtered(request: HttpRequest, person: Any) -> tuple[AuditFilterForm, Any]:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_event_list(person=person, **{k: v for k, v in filters.items() if v})
    return form, events


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    person = _auditor(request)
    form, events = _filtered(request, person)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page_obj": paginate(request, events, per_page=50),
            "active_nav": "audit",
        },
    )


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _auditor(request)
    event = audit_event_get_for_person(person=person, pk=pk)
    return render(request, "audit/event_detail.html", {"event": event, "active_nav": "audit"})


@login_required
def event_export(request: HttpRequest) -> HttpResponse:
    person = _auditor(request)
    _form, events = _filtered(request, person)
    content = audit_events_export_xlsx(
        actor=person, events=events[:EXPORT_LIMIT], query=request.GET.urlencode()
    )
    return xlsx_response(file_name(person, "审计日志", "xlsx"), content)


@login_required
def checkpoint_list(request: HttpRequest) -> HttpResponse:
    person = _auditor(request)
    before = request.GET.get("before", "")
    page = audit_checkpoint_page(
        person=person, before=int(before) if before.isdecimal() and len(before) < 19 else None
    )
    return render(request, "audit/checkpoint_list.html", {"page": page, "active_nav": "audit"})


@require_POST
@login_required
def chain_verify(request: HttpRequest) -> HttpResponse:
    person = _auditor(request)
    result = verify_chain()
    audit_record(
        action="audit.chain.verify",
        actor=person,
        outcome="success" if result.ok else "failure",
        details={"result": result.describe()},
    )
    return render(request, "audit/verify.html", {"result": result, "active_nav": "audit"})
