"""The archive's screens: the catalogue with its search, the archivist's queue (intake, 分类,
组件, 不归档, 归档), a 件 with its files, and the printables and exports (目录, 备考表, 件的
数据包, 年度移交)."""

import os
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.archives import policies, selectors
from govoa.archives.forms import (
    ClassifyForm,
    ExcludeForm,
    FileForm,
    IntakeForm,
    JoinForm,
    LoanForm,
    SearchForm,
)
from govoa.archives.models import ArchiveRecord
from govoa.archives.services.catalogue import catalogue_export, notes_sheet_pdf
from govoa.archives.services.filing import (
    Classifying,
    archive_record_classify,
    archive_records_file,
)
from govoa.archives.services.intake import (
    archive_intake,
    archive_record_exclude,
    archive_record_join,
)
from govoa.archives.services.packages import package_zip, transfer_export
from govoa.archives.views.common import NAV, PAGE, after, business, valid
from govoa.archives.workflow import Retention
from govoa.core.downloads import download_view
from govoa.core.errors import NotFound, PermissionDenied, ValidationFailed
from govoa.core.filenames import content_disposition, file_name, file_stem
from govoa.core.http import file_response, generated_response
from govoa.documents import registers
from govoa.documents.files import open_stored
from govoa.org.models import Department, Person


@login_required
def index(request: HttpRequest) -> HttpResponse:
    person = business(request)
    form = SearchForm(request.GET or None)
    filters = selectors.RecordFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.RecordFilters(
            reference_code=d["reference_code"],
            year=d["year"],
            class_code=d["class_code"],
            title=d["title"],
            responsible=d["responsible"],
        )
    found = list(
        selectors.record_list(person=person, filters=filters, after=after(request))[: PAGE + 1]
    )
    return render(
        request,
        "archives/index.html",
        {
            "form": form,
            "records": found[:PAGE],
            "next_after": found[PAGE - 1].pk if len(found) > PAGE else None,
            "query": _without_after(request),
            "archivist": policies.is_archivist(person),
            "active_nav": NAV,
        },
    )


def _without_after(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("after", None)
    return query.urlencode()


def _archivist(request: HttpRequest) -> Person:
    person = business(request)
    if not policies.is_archivist(person):
        raise PermissionDenied("只有档案员可以办理档案整理。")
    return person


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    person = _archivist(request)
    return render(
        request,
        "archives/queue.html",
        {
            "candidates": selectors.intake_queue(person=person),
            "arranging": list(selectors.records_to_arrange(person=person)[:200]),
            "active_nav": NAV,
        },
    )


@login_required
@require_POST
def intake(request: HttpRequest) -> HttpResponse:
    person = _archivist(request)
    data = valid(IntakeForm(request.POST))
    record = archive_intake(
        actor=person, source_type=data["source_type"], source_id=data["source_id"]
    )
    messages.success(request, f"已接收“{record.title}”，请分类后归档。")
    return redirect("archives:record_detail", pk=record.pk)


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = business(request)
    record = selectors.record_get_for_person(person=person, pk=pk)
    archivist = policies.is_archivist(person)
    return render(
        request,
        "archives/record.html",
        {
            "record": record,
            "components": list(record.components.order_by("order", "pk")),
            "archivist": archivist,
            "departments": Department.objects.filter(agency_id=person.agency_id).order_by(
                "order", "pk"
            )
            if archivist
            else [],
            "retentions": Retention.choices,
            "loan_form": LoanForm() if record.status == "filed" else None,
            "appraisals": list(record.appraisals.order_by("-pk")[:20]),
            "active_nav": NAV,
        },
    )


def _record(request: HttpRequest, pk: int) -> tuple[Person, ArchiveRecord]:
    person = _archivist(request)
    return person, selectors.record_get_for_person(person=person, pk=pk)


@login_required
@require_POST
def record_classify(request: HttpRequest, pk: int) -> HttpResponse:
    person, record = _record(request, pk)
    data = valid(ClassifyForm(request.POST))
    archive_record_classify(
        actor=person,
        record_id=record.pk,
        data=Classifying(
            retention=data["retention"],
            department_id=data["department"],
            year=data["year"],
            note=data["note"],
        ),
    )
    messages.success(request, "已分类。")
    return redirect("archives:record_detail", pk=pk)


@login_required
@require_POST
def record_exclude(request: HttpRequest, pk: int) -> HttpResponse:
    person, record = _record(request, pk)
    data = valid(ExcludeForm(request.POST))
    archive_record_exclude(actor=person, record_id=record.pk, reason=data["reason"])
    messages.success(request, "已标记为不归档。")
    return redirect("archives:queue")


@login_required
@require_POST
def record_join(request: HttpRequest, pk: int) -> HttpResponse:
    person, record = _record(request, pk)
    data = valid(JoinForm(request.POST))
    archive_record_join(
        actor=person, record_id=record.pk, other_id=data["other"], kind=data["kind"]
    )
    messages.success(request, "已组为一件。")
    return redirect("archives:record_detail", pk=pk)


@login_required
@require_POST
def file_records(request: HttpRequest) -> HttpResponse:
    person = _archivist(request)
    post = request.POST.copy()
    if not post.get("records"):  # the queue's check boxes
        post["records"] = ",".join(post.getlist("pick"))
    data = valid(FileForm(post))
    filed = archive_records_file(actor=person, record_ids=data["records"])
    messages.success(
        request, f"已归档 {len(filed)} 件：{'、'.join(str(r.reference_code) for r in filed[:5])}"
    )
    if len(filed) == 1:
        return redirect("archives:record_detail", pk=filed[0].pk)
    return redirect("archives:queue")


@download_view
def stamped_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The first file with its 归档章 (archivists; others read through a loan)."""
    _person, record = _record(request, pk)
    if record.stamped_file is None:
        raise NotFound("该件没有加盖归档章的 PDF。")
    with open_stored(record.stamped_file) as handle:
        content = handle.read()
    return file_response(
        content,
        content_type="application/pdf",
        filename=file_name(record, record.title, "pdf", number=record.reference_code or ""),
        inline=True,
    )


@download_view
def package(request: HttpRequest, pk: int) -> HttpResponse:
    person, record = _record(request, pk)
    if record.reference_code is None:
        raise ValidationFailed("该件尚未归档。")
    content = package_zip(actor=person, record=record)
    return file_response(
        content,
        content_type="application/zip",
        filename=file_name(person, record.title, "zip", number=record.reference_code),
    )


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if not (raw.isdigit() and 1949 <= int(raw) <= 9999):
        raise ValidationFailed(fields={"year": ["请填写年度。"]})
    return int(raw)


@download_view
def catalogue(request: HttpRequest, fmt: str) -> HttpResponse:
    person = business(request)
    if fmt not in registers.LIMITS:
        raise NotFound()
    year = _year(request)
    class_code = request.GET.get("class_code", "")[:40]
    found = selectors.catalogue(person=person, year=year, class_code=class_code)
    records = list(found[: registers.LIMITS[fmt] + 1])
    content = catalogue_export(
        actor=person, records=records, fmt=fmt, year=year, query=request.GET.urlencode()
    )
    return generated_response(content, fmt=fmt, stem=file_stem(person, f"{year}年度归档文件目录"))


@download_view
def notes_sheet(request: HttpRequest) -> HttpResponse:
    person = _archivist(request)
    year = _year(request)
    class_code = request.GET.get("class_code", "")[:40]
    if not class_code:
        raise ValidationFailed(fields={"class_code": ["请选择类目（盒）。"]})
    records = list(selectors.catalogue(person=person, year=year, class_code=class_code)[:1000])
    if not records:
        raise ValidationFailed(fields={"class_code": ["该类目没有已归档的件。"]})
    content = notes_sheet_pdf(actor=person, records=records, class_code=class_code)
    return generated_response(content, fmt="pdf", stem=file_stem(person, f"备考表（{class_code}）"))


@download_view
def transfer(request: HttpRequest, year: int) -> HttpResponse:
    person = _archivist(request)
    path, _count = transfer_export(actor=person, year=year)
    handle = open(path, "rb")  # noqa: SIM115 — FileResponse closes it
    os.unlink(path)  # the open handle keeps the data until the response is sent
    response = FileResponse(
        handle, content_type="application/zip", as_attachment=True, filename=f"移交-{year}.zip"
    )
    response["Content-Disposition"] = content_disposition(
        file_name(person, f"{year}年度档案移交", "zip")
    )
    # Streamed from the file (a year may be large); download_view passes it through.
    return cast(HttpResponse, response)
