"""会议室登记 (the office head): a new room, and one room's page — its details and its
bookings over the coming weeks for everyone of the agency, the form for the office head."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from govoa.core.errors import GovOAError
from govoa.core.forms import apply_errors
from govoa.core.vocabulary import Classification
from govoa.meetings import forms as mf
from govoa.meetings import selectors
from govoa.meetings.models import MeetingRoom
from govoa.meetings.policies import can_manage_rooms
from govoa.meetings.services.rooms import RoomData, room_save
from govoa.org.models import Person

AHEAD = datetime.timedelta(days=28)
FIELDS = ("name", "location", "capacity", "equipment", "rostrum_seats", "hall_row_seats")


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _save(
    request: HttpRequest, form: mf.RoomForm, room: MeetingRoom | None
) -> tuple[MeetingRoom | None, int]:
    """The room saved (None if refused) and the status to answer the form with."""
    if not form.is_valid():
        return None, 400
    try:
        saved = room_save(
            actor=_me(request),
            data=RoomData(**form.cleaned_data),
            room_id=room.pk if room else None,
        )
    except GovOAError as exc:
        apply_errors(form, exc)
        return None, exc.status
    messages.success(request, f"已保存会议室“{saved.name}”。")
    return saved, 200


@login_required
def room_new(request: HttpRequest) -> HttpResponse:
    if not can_manage_rooms(_me(request)):
        return render(request, "403.html", status=403)
    form = mf.RoomForm(request.POST or None)
    status = 200
    if request.method == "POST":
        saved, status = _save(request, form, None)
        if saved is not None:
            return redirect("meetings:room_detail", pk=saved.pk)
    context = {"form": form, "room": None, "active_nav": "meetings"}
    return render(request, "meetings/room.html", context, status=status)


@login_required
def room_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    room = selectors.room_get_for_person(person=me, pk=pk)
    manage = can_manage_rooms(me)
    form = None
    status = 200
    if manage:
        initial = {key: getattr(room, key) for key in (*FIELDS, "active")}
        form = mf.RoomForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form is None:
            return render(request, "403.html", status=403)
        saved, status = _save(request, form, room)
        if saved is not None:
            return redirect("meetings:room_detail", pk=saved.pk)
    first = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    bookings = [
        (
            m,
            m.title
            if m.classification <= me.clearance and m.classification < Classification.SECRET
            else "（涉密会议）",
        )
        for m in selectors.room_bookings(room, first, first + AHEAD)
    ]
    context = {"room": room, "form": form, "bookings": bookings, "active_nav": "meetings"}
    return render(request, "meetings/room.html", context, status=status)
