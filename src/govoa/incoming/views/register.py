from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from govoa.core.dates import period_text
from govoa.core.downloads import download_view
from govoa.core.errors import GovOAError, NotFound, PermissionDenied
from govoa.core.filenames import file_stem
from govoa.core.forms import apply_errors
from govoa.core.http import generated_response
from govoa.core.paging import paginate
from govoa.documents import registers
from govoa.incoming import selectors
from govoa.incoming.forms import RegisterFilterForm, RegistrationForm
from govoa.incoming.policies import can_register
from govoa.incoming.selectors import RegisterFilters
from govoa.incoming.services import exports
from govoa.incoming.services.registration import (
    DuplicateRegistration,
    Registration,
    incoming_register,
)
from govoa.org.models import Person


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _filters(request: HttpRequest, me: Person) -> tuple[RegisterFilterForm, RegisterFilters]:
    form = RegisterFilterForm(request.GET or None, agency_id=me.agency_id)
    if not form.is_valid():
        return form, RegisterFilters()
    data = form.cleaned_data
    return form, RegisterFilters(
        year=data.get("year"),
        status=data.get("status") or "",
        source=data.get("source") or "",
        department_id=data["department"].pk if data.get("department") else None,
        classification=data.get("classification"),
        overdue=bool(data.get("overdue")),
        received_from=data.get("received_from"),
        received_to=data.get("received_to"),
        query=data.get("q") or "",
    )


@login_required
def register_list(request: HttpRequest) -> HttpResponse:
    """收文登记簿."""
    me = _me(request)
    form, filters = _filters(request, me)
    documents = selectors.incoming_list(person=me, filters=filters)
    return render(
        request,
        "incoming/register.html",
        {
            "form": form,
            "page_obj": paginate(request, documents),
            "can_register": can_register(me),
            "today": timezone.localdate(),
            "active_nav": "incoming",
        },
    )


@download_view
def register_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The 登记簿 as XLSX or PDF, as filtered; an audited export of what the person may see."""
    me = _me(request)
    if fmt not in registers.LIMITS:
        raise NotFound()
    _form, filters = _filters(request, me)
    # One row more than the limit, so that an over-long export is refused, not cut short.
    found = selectors.incoming_list(person=me, filters=filters)
    documents = list(found[: registers.LIMITS[fmt] + 1])
    content = exports.register_export(
        actor=me,
        documents=documents,
        fmt=fmt,
        period=period_text(filters.received_from, filters.received_to),
        query=request.GET.urlencode(),
    )
    return generated_response(content, fmt=fmt, stem=file_stem(me, "收文登记簿"))


def _registration(form: RegistrationForm) -> Registration:
    data = form.cleaned_data
    return Registration(
        source_org=data["source_org"],
        source_number=data["source_number"],
        title=data["title"],
        doc_type=data["doc_type"],
        classification=data["classification"],
        secrecy_period=data["secrecy_period"],
        urgency=data["urgency"],
        copies=data["copies"],
        pages=data["pages"],
        written_on=data["written_on"],
        received_at=data["received_at"],
        channel=data["channel"],
        due_date=data["due_date"],
        remarks=data["remarks"],
        reply_required=data["reply_required"],
        uploads=[(f.name, f) for f in data["attachments"]],
    )


@login_required
def register_new(request: HttpRequest) -> HttpResponse:
    """签收登记."""
    me = _me(request)
    if not can_register(me):
        raise PermissionDenied("只有收发员可以登记收文。")
    form = RegistrationForm(request.POST or None, request.FILES or None)
    status, duplicate = 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                document = incoming_register(
                    actor=me,
                    data=_registration(form),
                    confirm_duplicate=form.cleaned_data["confirm_duplicate"],
                )
            except DuplicateRegistration as exc:
                duplicate, status = exc.earlier, exc.status
                # The same form again, now asking for confirmation (files must be chosen anew:
                # browsers do not keep them).
                data = request.POST.copy()
                data["confirm_duplicate"] = "on"
                form = RegistrationForm(data, request.FILES)
                form.is_valid()
                form.add_error(None, exc.message)
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(
                    request, f"已登记：{document.number}《{document.title}》，已送初审。"
                )
                if "again" in request.POST:
                    return redirect("incoming:register_new")
                return redirect("incoming:document_detail", pk=document.pk)
        else:
            status = 400
    return render(
        request,
        "incoming/register_form.html",
        {
            "form": form,
            "duplicate": duplicate,
            "active_nav": "incoming",
            "sources": selectors.known_sources(person=me),
        },
        status=status,
    )
