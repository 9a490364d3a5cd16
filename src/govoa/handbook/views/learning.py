"""学习与培训 screens: one's own record (study entries, with the form to add one, and the
trainings attended), a department's record, the training sessions and their attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from govoa.core.errors import PermissionDenied
from govoa.handbook import policies, selectors
from govoa.handbook.forms import AttendanceForm, StudyForm, TrainingForm
from govoa.handbook.services.learning import (
    study_record,
    training_attendance_record,
    training_create,
)
from govoa.handbook.views.common import after, business, page_of, run_form
from govoa.handbook.workflow import STUDY_TARGET


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    person = business(request)
    form = StudyForm(request.POST or None, agency_id=person.agency_id)
    status = 200
    if request.method == "POST":
        entry, status = run_form(
            form,
            lambda d: study_record(
                actor=person,
                studied_on=d["studied_on"],
                title=d["title"],
                note=d["note"],
                rule_id=d["rule"].pk if d["rule"] else None,
            ),
            field_map={"rule_id": "rule"},
        )
        if entry is not None:
            messages.success(request, "已登记学习记录。")
            return redirect("handbook:learning")
    entries, next_after = page_of(
        selectors.study_list(person=person, of_person=person.pk, after=after(request))
    )
    studied = selectors.study_count_in_month(person=person, day=timezone.localdate())
    return render(
        request,
        "handbook/learning.html",
        {
            "form": form,
            "entries": entries,
            "next_after": next_after,
            "attendance": list(selectors.attendance_list(person=person, of_person=person.pk)[:50]),
            "studied": studied,
            "target_met": studied >= STUDY_TARGET,
            "record_departments": selectors.record_departments(person=person),
            "active_nav": "handbook",
        },
        status=status,
    )


@login_required
def department_record(request: HttpRequest, department_id: int) -> HttpResponse:
    person = business(request)
    department = selectors.department_get_for_records(person=person, pk=department_id)
    entries, next_after = page_of(
        selectors.study_list(person=person, department_id=department.pk, after=after(request))
    )
    return render(
        request,
        "handbook/department.html",
        {
            "department": department,
            "entries": entries,
            "next_after": next_after,
            "attendance": list(
                selectors.attendance_list(person=person, department_id=department.pk)[:50]
            ),
            "active_nav": "handbook",
        },
    )


@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    person = business(request)
    keeper = policies.can_manage_training(person)
    form = TrainingForm(request.POST or None) if keeper else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有办公室主任可以组织培训。")
        session, status = run_form(form, lambda d: training_create(actor=person, **d))
        if session is not None:
            messages.success(request, "已登记培训，请登记出席情况。")
            return redirect("handbook:training_detail", pk=session.pk)
    sessions, next_after = page_of(selectors.session_list(person=person, after=after(request)))
    return render(
        request,
        "handbook/trainings.html",
        {"sessions": sessions, "next_after": next_after, "form": form, "active_nav": "handbook"},
        status=status,
    )


@login_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = business(request)
    session = selectors.session_get_for_person(person=person, pk=pk)
    keeper = policies.can_manage_training(person)
    form = AttendanceForm(request.POST or None, agency_id=person.agency_id) if keeper else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有办公室主任可以登记出席。")
        row, status = run_form(
            form,
            lambda d: training_attendance_record(
                actor=person,
                session_id=session.pk,
                person_id=d["person"].pk,
                status=d["status"],
                note=d["note"],
            ),
            field_map={"person_id": "person"},
        )
        if row is not None:
            messages.success(request, f"已登记{row.person.real_name}的出席情况。")
            return redirect("handbook:training_detail", pk=session.pk)
    return render(
        request,
        "handbook/training.html",
        {
            "session": session,
            "attendance": selectors.session_attendance(person=person, session=session),
            "form": form,
            "active_nav": "handbook",
        },
        status=status,
    )
