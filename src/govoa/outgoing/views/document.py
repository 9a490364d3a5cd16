"""The document's acts (the flow act, 签收 of a copy, 作废字号) and its downloads (the
official text as PDF/DOCX, the 发文稿纸, attachments)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from govoa.core.downloads import download_view
from govoa.core.errors import GovOAError, NotFound
from govoa.core.filenames import upload_name
from govoa.core.forms import apply_errors
from govoa.core.http import generated_response, upload_response
from govoa.outgoing import selectors
from govoa.outgoing.forms import NumberVoidForm
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.services import exports
from govoa.outgoing.services.distribution import distribution_receive
from govoa.outgoing.services.drafting import current_item
from govoa.outgoing.services.numbers import number_void
from govoa.outgoing.views.page import act_form, me, render_document


@require_POST
@login_required
def document_act(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """办理 the person's open item: 同意, 退回, 转办 … with the node's own fields."""
    person = me(request)
    document = selectors.outgoing_get_for_person(person=person, pk=pk)
    item = current_item(document, person)
    form = act_form(document, item, person, request.POST) if item and item.pk == item_id else None
    if item is None or form is None:
        raise NotFound("该事项不存在或已经办理。")
    if not form.is_valid():
        return render_document(request, document, forms_given={"act_form": form}, status=400)
    refused = form.act(actor=person, item_id=item.pk)
    if refused:
        document = selectors.outgoing_get_for_person(person=person, pk=pk)
        return render_document(request, document, forms_given={"act_form": form}, status=refused)
    messages.success(request, f"已办理：{item.node_name}《{document.title}》。")
    return redirect("web:workbench")


@require_POST
@login_required
def distribution_receive_view(request: HttpRequest, pk: int, distribution_id: int) -> HttpResponse:
    """签收 of an internal department's copy."""
    person = me(request)
    document = selectors.outgoing_get_for_person(person=person, pk=pk)
    if not any(d.pk == distribution_id for d in selectors.distributions_of(document)):
        raise NotFound()
    distribution = distribution_receive(actor=person, distribution_id=distribution_id)
    messages.success(request, f"{distribution.name}已签收。")
    return redirect("outgoing:document_detail", pk=pk)


@require_POST
@login_required
def number_void_view(request: HttpRequest, pk: int) -> HttpResponse:
    """作废字号 (the registrar's): the number stays recorded as voided and is never reused."""
    person = me(request)
    document = selectors.outgoing_get_for_person(person=person, pk=pk)
    form = NumberVoidForm(request.POST)
    if not form.is_valid():
        return render_document(request, document, forms_given={"void_form": form}, status=400)
    try:
        voided = number_void(actor=person, document=document, reason=form.cleaned_data["reason"])
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        apply_errors(form, exc)
        document = selectors.outgoing_get_for_person(person=person, pk=pk)
        return render_document(
            request, document, forms_given={"void_form": form}, status=exc.status
        )
    messages.success(request, f"字号 {voided.number} 已作废，不再使用。")
    return redirect("outgoing:document_detail", pk=pk)


def _name(document: OutgoingDocument, before: str = "", after: str = "") -> str:
    return document.download_stem(before, after)


@download_view
def rendered_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The document typeset per GB/T 9704, as PDF or DOCX; ``?copy=N``: the printed copy
    with 份号 N (涉密公文)."""
    person = me(request)
    if fmt not in {"pdf", "docx", "ofd"}:
        raise NotFound()
    document = selectors.outgoing_get_for_person(person=person, pk=pk)
    copy = request.GET.get("copy", "")
    if copy and not (copy.isascii() and copy.isdigit() and 1 <= int(copy) <= 9999):
        raise NotFound("份号无效。")
    number = int(copy) if copy else None
    content = exports.rendered(actor=person, document=document, fmt=fmt, copy=number)
    stem = _name(document, after=f"（第{number:06d}份）" if number else "")
    return generated_response(content, fmt=fmt, stem=stem)


@download_view
def approval_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """发文稿纸."""
    person = me(request)
    document = selectors.outgoing_get_for_person(person=person, pk=pk)
    content = exports.approval_sheet(actor=person, document=document)
    return generated_response(content, fmt="pdf", stem=_name(document, before="发文稿纸："))


@download_view
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    person = me(request)
    found = selectors.attachment_get_for_person(person=person, document_id=pk, pk=attachment_id)
    stored, content = exports.attachment_download(actor=person, attachment=found)
    return upload_response(
        content,
        content_type=stored.content_type,
        filename=upload_name(person, stored),
    )
