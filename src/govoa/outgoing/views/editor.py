"""The editor: the document page with its draft form, 送审, the 核稿助手's findings, the live
preview of the typeset page, 正文 from Word, attachments, and the 修改稿 with their
differences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from govoa.core.errors import GovOAError, ValidationFailed
from govoa.core.forms import apply_errors
from govoa.documents.rendering import fonts
from govoa.flow.services.acts import work_item_mark_opened
from govoa.outgoing import selectors
from govoa.outgoing.forms import SERVICE_FIELDS, AttachmentForm, BodyImportForm, draft_of
from govoa.outgoing.models import OutgoingVersion
from govoa.outgoing.official import findings_json
from govoa.outgoing.preview import preview_findings, preview_images
from govoa.outgoing.services import exports
from govoa.outgoing.services.drafting import (
    body_from_docx,
    can_edit,
    current_item,
    outgoing_attach,
    outgoing_detach,
    outgoing_submit,
    outgoing_update,
)
from govoa.outgoing.services.versions import diff
from govoa.outgoing.views.page import draft_form, me, render_document


def _without_findings(exc: GovOAError) -> GovOAError:
    """A refused 送审 lists the 核稿助手's findings; they are shown beside the text already,
    so the form says only what happened."""
    if "findings" not in exc.fields:
        return exc
    rest = {name: found for name, found in exc.fields.items() if name != "findings"}
    return ValidationFailed(exc.message, fields=rest)


def _refused(exc: GovOAError) -> bool:
    """403 and 404 go to the error page; any other refusal is shown where it was made."""
    return exc.status in (403, 404)


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The document: the editor for whoever may edit it, the findings, the preview, the act
    form, where it is (去向) and its 办理过程."""
    person = me(request)
    document = selectors.outgoing_get_for_person(person=person, pk=pk)
    exports.document_viewed(actor=person, document=document)
    item = current_item(document, person)
    if item is not None:
        work_item_mark_opened(actor=person, item=item)
    return render_document(request, document)


@require_POST
@login_required
def document_update(request: HttpRequest, pk: int) -> HttpResponse:
    """保存, and 送审 when the drafter asks for it (the text is saved first, so that a refused
    送审 keeps what was typed and shows the findings beside it)."""
    person = me(request)
    document = selectors.outgoing_get_for_person(person=person, pk=pk)
    form = draft_form(document, person, request.POST)
    if not form.is_valid():
        return render_document(request, document, forms_given={"form": form}, status=400)
    saved = False
    try:
        document = outgoing_update(actor=person, document=document, data=form.draft())
        saved = True
        if "send" in request.POST:
            outgoing_submit(actor=person, document=document)
    except GovOAError as exc:
        if _refused(exc):
            raise
        if saved:
            messages.warning(request, "文稿已保存，但未送审。")
        apply_errors(form, _without_findings(exc), field_map=SERVICE_FIELDS)
        document = selectors.outgoing_get_for_person(person=person, pk=pk)
        return render_document(request, document, forms_given={"form": form}, status=exc.status)
    if "send" in request.POST:
        messages.success(request, f"已送审：《{document.title}》。")
    else:
        messages.success(request, "已保存。")
    return redirect("outgoing:document_detail", pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def document_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The live preview (an htmx fragment): page images of the text in the editor, and the
    核稿助手's findings on it, without saving anything. Who may not edit sees the saved text."""
    person = me(request)
    document = selectors.outgoing_get_for_person(person=person, pk=pk)
    data, partial, findings = None, False, None
    if request.method == "POST" and can_edit(document, person):
        form = draft_form(document, person, request.POST)
        partial = not form.is_valid()
        data = form.draft_over(document)
        findings = findings_json(preview_findings(document, data))
    return render(
        request,
        "outgoing/_preview.html",
        {
            "images": preview_images(document, data),
            "substitutes": fonts.substitutes(),
            "partial": partial,
            "findings": findings,
            "live": findings is not None,
        },
    )


@require_POST
@login_required
def body_import(request: HttpRequest, pk: int) -> HttpResponse:
    """正文 from a Word file: it replaces the body and is saved as any edit is."""
    person = me(request)
    document = selectors.outgoing_get_for_person(person=person, pk=pk)
    form = BodyImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_document(request, document, forms_given={"import_form": form}, status=400)
    upload = form.cleaned_data["file"]
    try:
        body = body_from_docx((upload.name, upload))
        outgoing_update(actor=person, document=document, data=draft_of(document, body=body))
    except GovOAError as exc:
        if _refused(exc):
            raise
        apply_errors(form, exc, field_map={"body": "file"})
        document = selectors.outgoing_get_for_person(person=person, pk=pk)
        return render_document(
            request, document, forms_given={"import_form": form}, status=exc.status
        )
    messages.success(request, f"已从“{upload.name}”导入正文并保存。")
    return redirect("outgoing:document_detail", pk=pk)


@require_POST
@login_required
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = me(request)
    document = selectors.outgoing_get_for_person(person=person, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_document(request, document, forms_given={"attachment_form": form}, status=400)
    upload = form.cleaned_data["file"]
    try:
        attachment = outgoing_attach(
            actor=person,
            document=document,
            name=form.cleaned_data["name"],
            upload=(upload.name, upload) if upload else None,
        )
    except GovOAError as exc:
        if _refused(exc):
            raise
        apply_errors(form, exc)
        document = selectors.outgoing_get_for_person(person=person, pk=pk)
        return render_document(
            request, document, forms_given={"attachment_form": form}, status=exc.status
        )
    messages.success(request, f"已添加附件：{attachment.name}。")
    return redirect("outgoing:document_detail", pk=pk)


@require_POST
@login_required
def attachment_remove(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    person = me(request)
    document = selectors.outgoing_get_for_person(person=person, pk=pk)
    outgoing_detach(actor=person, document=document, attachment_id=attachment_id)
    messages.success(request, "附件已删除。")
    return redirect("outgoing:document_detail", pk=pk)


def _number(raw: str | None, known: set[int]) -> int | None:
    """A version number from the query string, or None for anything else."""
    if not raw or not raw.isascii() or not raw.isdigit():
        return None
    return int(raw) if int(raw) in known else None


@login_required
def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    """修改稿: each saved version with who saved it at which step, and the differences
    between two of them (``?a=&b=``; by default the one before the latest and the latest)."""
    person = me(request)
    document = selectors.outgoing_get_for_person(person=person, pk=pk)
    versions: list[OutgoingVersion] = list(selectors.versions_of(document))
    by_number = {v.number: v for v in versions}
    a_raw, b_raw = request.GET.get("a"), request.GET.get("b")
    a, b = _number(a_raw, set(by_number)), _number(b_raw, set(by_number))
    asked_wrong = bool((a_raw and a is None) or (b_raw and b is None))
    if b is None and versions:
        b = versions[-1].number
    if a is None and b is not None:
        earlier = [n for n in by_number if n < b]
        a = max(earlier) if earlier else None
    old, new = (by_number.get(a) if a else None), (by_number.get(b) if b else None)
    changes = diff(old.snapshot, new.snapshot) if old and new else []
    rows = [(v, versions[i - 1].number if i else None) for i, v in enumerate(versions)]
    return render(
        request,
        "outgoing/versions.html",
        {
            "doc": document,
            "versions": versions,
            "rows": rows,
            "old": old,
            "new": new,
            "changes": changes,
            "asked_wrong": asked_wrong,
            "active_nav": "outgoing",
        },
    )
