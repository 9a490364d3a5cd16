"""意见反馈 and 手册修订记录: anyone submits; the office head triages (accepted → a 督办 task
of the 流程优化清单) and records the handbook's revisions by year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from govoa.core.errors import GovOAError, NotFound
from govoa.core.forms import apply_errors
from govoa.org.policies import may_handle_business
from govoa.reports import policies
from govoa.reports.forms import FeedbackForm, RevisionForm, TriageForm
from govoa.reports.models import Feedback, HandbookRevision
from govoa.reports.services.feedback import (
    Improvement,
    feedback_submit,
    feedback_triage,
    handbook_revision_record,
)
from govoa.reports.views import me

PAGE = 100


def _business(request: HttpRequest) -> None:
    if not may_handle_business(me(request)):
        raise NotFound()


@login_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    _business(request)
    person = me(request)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_submit(actor=person, **form.cleaned_data)
        except GovOAError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "意见已提交，办公室研判后会通知您。")
            return redirect("reports:feedback_list")
    found = Feedback.objects.filter(policies.feedback_visible_q(person)).select_related(
        "submitted_by"
    )[:PAGE]
    can_triage = policies.can_triage_feedback(person)
    rows = [
        (f, TriageForm(agency_id=person.agency_id, prefix=f"f{f.pk}") if can_triage else None)
        for f in found
    ]
    return render(
        request,
        "reports/feedback.html",
        {
            "form": form,
            "rows": rows,
            "can_triage": can_triage,
        },
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def feedback_triage_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    if not policies.can_triage_feedback(person):
        raise NotFound()
    form = TriageForm(request.POST, agency_id=person.agency_id, prefix=f"f{pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("reports:feedback_list")
    data = form.cleaned_data
    accept = data["decision"] == "accept"
    improvement = (
        Improvement(owner_id=data["owner"].pk, deadline=data["deadline"], goal=data["goal"])
        if accept
        else None
    )
    try:
        feedback_triage(
            actor=person, feedback_id=pk, accept=accept, note=data["note"], improvement=improvement
        )
    except GovOAError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, "已研判。" + ("已列入流程优化清单（督办）。" if accept else ""))
    return redirect("reports:feedback_list")


@login_required
def handbook(request: HttpRequest) -> HttpResponse:
    _business(request)
    person = me(request)
    can_record = policies.can_triage_feedback(person)
    form = RevisionForm(request.POST or None)
    if request.method == "POST":
        if not can_record:
            raise NotFound()
        if form.is_valid():
            try:
                handbook_revision_record(actor=person, **form.cleaned_data)
            except GovOAError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "修订记录已保存。")
                return redirect("reports:handbook")
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() and len(raw_year) == 4 else timezone.localdate().year
    revisions = HandbookRevision.objects.filter(agency_id=person.agency_id, year=year)
    return render(
        request,
        "reports/handbook.html",
        {
            "form": form,
            "year": year,
            "years": range(timezone.localdate().year, 2019, -1),
            "revisions": revisions,
            "can_record": can_record,
        },
        status=422 if form.errors else 200,
    )
