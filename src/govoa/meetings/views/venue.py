"""会场布置与会前检查 screens: the venue forms posted from the meeting page, and the office
head's checklists per meeting type. Views parse, call one service, redirect or re-render."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.core.errors import GovOAError, PermissionDenied
from govoa.core.forms import apply_errors
from govoa.meetings import selectors
from govoa.meetings.services import venue as services
from govoa.meetings.venue_forms import (
    ChecklistForm,
    IncidentForm,
    RehearsalForm,
    VenueCheckForm,
    VenueSettingsForm,
)
from govoa.meetings.views.meeting import render_meeting
from govoa.meetings.workflow import MeetingType
from govoa.org.models import Person
from govoa.org.policies import may_handle_business


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _post(
    request: HttpRequest,
    pk: int,
    name: str,
    make: Callable[[Any], forms.Form],
    run: Callable[[Person, Any, forms.Form], Any],
    done: str,
) -> HttpResponse:
    me = _me(request)
    meeting = selectors.meeting_get_for_person(person=me, pk=pk)
    form = make(meeting)
    if not form.is_valid():
        return render_meeting(request, meeting, venue_bound=(name, form), status=400)
    try:
        run(me, meeting, form)
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        apply_errors(form, exc)
        return render_meeting(request, meeting, venue_bound=(name, form), status=exc.status)
    messages.success(request, done)
    return redirect("meetings:detail", pk=meeting.pk)


@require_POST
@login_required
def venue_settings(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        "settings",
        lambda m: VenueSettingsForm(request.POST),
        lambda me, m, f: services.venue_settings_set(actor=me, meeting=m, **f.cleaned_data),
        "已设置会议类型。",
    )


def _results(form: forms.Form) -> list[services.ItemResult]:
    assert isinstance(form, VenueCheckForm)
    return form.results()


@require_POST
@login_required
def venue_check(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        "check",
        lambda m: VenueCheckForm(
            request.POST, items=services.checklist_items(m.agency_id, m.meeting_type)
        ),
        lambda me, m, f: services.venue_check_record(
            actor=me, meeting=m, phase=f.cleaned_data["phase"], results=_results(f)
        ),
        "已登记会场检查。",
    )


@require_POST
@login_required
def venue_rehearsal(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        "rehearsal",
        lambda m: RehearsalForm(request.POST),
        lambda me, m, f: services.rehearsal_record(actor=me, meeting=m, **f.cleaned_data),
        "已登记彩排。",
    )


@require_POST
@login_required
def venue_incident(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        "incident",
        lambda m: IncidentForm(request.POST),
        lambda me, m, f: services.incident_record(actor=me, meeting=m, **f.cleaned_data),
        "已登记会中情况。",
    )


@login_required
def checklists(request: HttpRequest) -> HttpResponse:
    """会场检查清单 per meeting type: read by the agency's staff, set by the office head (the
    default list until then)."""
    me = _me(request)
    if not may_handle_business(me):
        raise PermissionDenied("系统管理员、安全保密管理员和安全审计员不办理业务。")
    keeper = services.can_set_checklists(me)
    form = ChecklistForm(request.POST or None) if keeper else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有办公室主任可以设置会场检查清单。")
        status = 400
        if form.is_valid():
            try:
                services.venue_checklist_set(
                    actor=me,
                    meeting_type=form.cleaned_data["meeting_type"],
                    items=form.cleaned_data["items"].splitlines(),
                )
            except GovOAError as exc:
                if exc.status in (403, 404):
                    raise
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, "已保存检查清单。")
                return redirect("meetings:venue_checklists")
    lists = [
        (label, services.checklist_items(me.agency_id, value))
        for value, label in MeetingType.choices
    ]
    return render(
        request,
        "meetings/venue_checklists.html",
        {"form": form, "lists": lists, "active_nav": "meetings"},
        status=status,
    )
