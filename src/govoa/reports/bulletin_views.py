"""督查通报: the list of those issued, issuing one, and its archived PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from govoa.core.downloads import download_view
from govoa.core.errors import NotFound
from govoa.core.filenames import file_stem
from govoa.core.http import generated_response
from govoa.documents.files import open_stored
from govoa.reports import period as periods
from govoa.reports import policies
from govoa.reports.forms import BulletinForm
from govoa.reports.models import BulletinKind, SupervisionBulletin
from govoa.reports.services.bulletins import supervision_bulletin_issue
from govoa.reports.views import me

PAGE = 50


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    person = me(request)
    if not policies.can_read_bulletins(person):
        raise NotFound()
    bulletins = SupervisionBulletin.objects.filter(agency_id=person.agency_id)[:PAGE]
    today = timezone.localdate()
    form = BulletinForm(initial={"kind": BulletinKind.MONTHLY, "year": today.year})
    return render(
        request,
        "reports/bulletins.html",
        {
            "bulletins": bulletins,
            "form": form,
            "can_issue": policies.can_issue_bulletin(person),
            "latest_month": periods.previous_month(today),
        },
    )


@require_POST
@login_required
def bulletin_issue(request: HttpRequest) -> HttpResponse:
    person = me(request)
    if not policies.can_read_bulletins(person):
        raise NotFound()
    form = BulletinForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("reports:bulletin_list")
    bulletin = supervision_bulletin_issue(
        actor=person, kind=form.cleaned_data["kind"], period=form.period
    )
    messages.success(request, f"督查通报（{bulletin.label}）已印发，并已通知委领导。")
    return redirect("reports:bulletin_list")


@download_view
def bulletin_file(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    bulletin = (
        SupervisionBulletin.objects.select_related("file")
        .filter(pk=pk, agency_id=person.agency_id)
        .first()
    )
    if bulletin is None or not policies.can_read_bulletins(person):
        raise NotFound()
    with open_stored(bulletin.file) as handle:
        content = handle.read()
    return generated_response(
        content, fmt="pdf", stem=file_stem(person, f"督查通报（{bulletin.label}）")
    )
