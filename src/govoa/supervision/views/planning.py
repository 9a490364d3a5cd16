"""Personal planning: 四象限, 日程 (a week of one's agenda, with the free-time reserve the
standard advises), the ICS feed for desktop calendars, and rotating its secret."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from govoa.core.agenda import agenda_for
from govoa.core.errors import ValidationFailed
from govoa.core.filenames import content_disposition, file_name
from govoa.org.models import Person
from govoa.supervision.agenda import ics_feed, quadrants, week_load
from govoa.supervision.models import CalendarFeed, PlanningFlag
from govoa.supervision.services.planning import (
    calendar_feed_person,
    calendar_feed_rotate,
    planning_flag_set,
)
from govoa.supervision.workflow import week_param


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


@login_required
def quadrant_view(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    grid = quadrants(me, timezone.localdate())
    return render(
        request,
        "supervision/quadrants.html",
        {
            "cells": [
                ("重要且紧急", "立即办", grid["iu"]),
                ("重要不紧急", "计划办", grid["in"]),
                ("紧急不重要", "尽快办或请人协助", grid["nu"]),
                ("不重要不紧急", "有空再办", grid["nn"]),
            ],
            "active_nav": "supervision",
        },
    )


class FlagForm(forms.Form):
    target = forms.ChoiceField(choices=PlanningFlag.Target.choices)
    target_id = forms.IntegerField(min_value=1, max_value=2**62)
    important = forms.BooleanField(required=False)
    urgent = forms.BooleanField(required=False)


@require_POST
@login_required
def flag_set(request: HttpRequest) -> HttpResponse:
    form = FlagForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed("标记的内容有误。")
    planning_flag_set(actor=_me(request), **form.cleaned_data)
    messages.success(request, "已更新重要/紧急标记。")
    return redirect("supervision:quadrants")


def _monday(raw: str) -> datetime.date:
    return week_param(raw, timezone.localdate())


@login_required
def calendar_view(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    monday = _monday(request.GET.get("week", ""))
    sunday = monday + datetime.timedelta(days=6)
    entries = agenda_for(me, monday, sunday)
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    return render(
        request,
        "supervision/calendar.html",
        {
            "days": [(d, [e for e in entries if e.day == d]) for d in days],
            "load": week_load(entries),
            "previous": monday - datetime.timedelta(days=7),
            "next": monday + datetime.timedelta(days=7),
            "monday": monday,
            "has_feed": CalendarFeed.objects.filter(person=me).exists(),
            "feed_url": request.session.pop("supervision_feed_url", ""),
            "active_nav": "supervision",
        },
    )


@require_POST
@login_required
def calendar_rotate(request: HttpRequest) -> HttpResponse:
    """A new feed link (the old one stops working); shown once on the next page."""
    token = calendar_feed_rotate(actor=_me(request))
    request.session["supervision_feed_url"] = request.build_absolute_uri(
        f"/supervision/calendar/feed/{token}.ics"
    )
    messages.success(request, "已生成新的订阅链接，旧链接已失效。")
    return redirect("supervision:calendar")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The ICS feed: no session (desktop calendars have none); the secret in the link is the
    credential, and an unknown or rotated one is a plain 404."""
    person = calendar_feed_person(token)
    if person is None:
        raise Http404
    content = ics_feed(person, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition(
        file_name(person, "督办日程", "ics"), inline=True
    )
    return response
