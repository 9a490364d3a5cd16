"""发文登记簿 (list, filters, exports) and 拟稿 (a new draft)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from govoa.core.dates import period_text
from govoa.core.downloads import download_view
from govoa.core.errors import GovOAError, NotFound, PermissionDenied
from govoa.core.filenames import file_stem
from govoa.core.forms import apply_errors
from govoa.core.http import generated_response
from govoa.core.paging import paginate
from govoa.documents import registers
from govoa.documents.vocabulary import DocType
from govoa.outgoing import selectors
from govoa.outgoing.forms import BODY_TEMPLATES, SERVICE_FIELDS, DraftForm, RegisterFilterForm
from govoa.outgoing.policies import can_draft
from govoa.outgoing.selectors import RegisterFilters
from govoa.outgoing.services import exports
from govoa.outgoing.services.drafting import outgoing_create
from govoa.outgoing.views.page import me


def _filters(request: HttpRequest) -> tuple[RegisterFilterForm, RegisterFilters]:
    """The filters as asked; a bad one is reported on the form and left out, the rest apply."""
    person = me(request)
    form = RegisterFilterForm(
        request.GET or None,
        agency_id=person.agency_id,
        categories=selectors.categories_for(person=person),
    )
    if not form.is_bound:
        return form, RegisterFilters()
    form.is_valid()
    data = form.cleaned_data
    return form, RegisterFilters(
        year=data.get("year"),
        status=data.get("status") or "",
        category_id=data["category"].pk if data.get("category") else None,
        department_id=data["department"].pk if data.get("department") else None,
        classification=data.get("classification"),
        query=data.get("q") or "",
        created_from=data.get("created_from"),
        created_to=data.get("created_to"),
        numbered_only=bool(data.get("numbered")),
    )


@login_required
def register_list(request: HttpRequest) -> HttpResponse:
    """发文登记簿: what the person may see, filtered and paged."""
    person = me(request)
    form, filters = _filters(request)
    documents = selectors.outgoing_list(person=person, filters=filters)
    return render(
        request,
        "outgoing/register.html",
        {
            "form": form,
            "page_obj": paginate(request, documents),
            "can_draft": can_draft(person),
            "active_nav": "outgoing",
        },
    )


@download_view
def register_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The 登记簿 as XLSX or PDF, as filtered (an audited export of what the person sees)."""
    person = me(request)
    if fmt not in registers.LIMITS:
        raise NotFound()
    _form, filters = _filters(request)
    found = selectors.outgoing_list(person=person, filters=filters)
    documents = list(found[: registers.LIMITS[fmt] + 1])
    content = exports.register_export(
        actor=person,
        documents=documents,
        fmt=fmt,
        period=period_text(filters.created_from, filters.created_to),
        query=request.GET.urlencode(),
    )
    return generated_response(content, fmt=fmt, stem=file_stem(person, "发文登记簿"))


@login_required
def document_new(request: HttpRequest) -> HttpResponse:
    """拟稿: the new draft is saved and opens in the editor."""
    person = me(request)
    if not can_draft(person):
        raise PermissionDenied("只有本机关有部门的工作人员可以拟稿。")
    form = DraftForm(
        request.POST or None, person=person, categories=selectors.categories_for(person=person)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.draft()
            if not data.body.strip():
                data.body = BODY_TEMPLATES.get(DocType(data.doc_type), "")
            try:
                document, _created = outgoing_create(
                    actor=person, data=data, idempotency_key=form.cleaned_data["idempotency_key"]
                )
            except GovOAError as exc:
                if exc.status in (403, 404):
                    raise
                apply_errors(form, exc, field_map=SERVICE_FIELDS)
                status = exc.status
            else:
                messages.success(request, f"已拟稿：《{document.title}》。可继续修改，完成后送审。")
                return redirect("outgoing:document_detail", pk=document.pk)
        else:
            status = 400
    return render(
        request,
        "outgoing/document_new.html",
        {"form": form, "active_nav": "outgoing"},
        status=status,
    )
