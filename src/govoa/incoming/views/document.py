from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.core.downloads import download_view
from govoa.core.errors import GovOAError, NotFound, ValidationFailed
from govoa.core.filenames import file_name, upload_name
from govoa.core.http import file_response, upload_response
from govoa.core.validation import ids_from
from govoa.documents.replies import linked, live_reply
from govoa.documents.vocabulary import DocType
from govoa.flow.forms import RemindForm
from govoa.flow.models import WorkItem
from govoa.flow.policies import can_remind
from govoa.flow.presenters import act_choices, forward_choices, trail_line
from govoa.flow.selectors import items_of, trail_for
from govoa.flow.services.acts import work_item_mark_opened
from govoa.flow.workflow import ItemStatus, NodeKind
from govoa.incoming import selectors
from govoa.incoming.forms import (
    AttachmentsForm,
    CoMaterialsForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    IncomingActForm,
    SupervisorForm,
)
from govoa.incoming.models import IncomingDocument
from govoa.incoming.policies import (
    SUBJECT_TYPE,
    can_decide_extension,
    can_manage,
    can_start_reply,
)
from govoa.incoming.services.co_handling import co_item_for, incoming_co_material_add
from govoa.incoming.services.exports import (
    attachment_download,
    incoming_document_viewed,
    printable,
)
from govoa.incoming.services.extensions import extension_decide, extension_request
from govoa.incoming.services.registration import (
    accepts_attachments,
    incoming_add_attachments,
    incoming_set_supervisor,
)
from govoa.incoming.services.replies import (
    incoming_reply_start,
    may_reply,
    proposed_answer_type,
)
from govoa.incoming.workflow import ExtensionDecision, Status
from govoa.org.models import Person

# Before 初审 the 收文处理单 has nothing to show; a 退文 has its 退文通知单 instead.
UNPRINTABLE_SHEET = {Status.RECEIVING, Status.SCREENING, Status.RETURNED, Status.CANCELLED}


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _act_form(
    document: IncomingDocument,
    item,
    person: Person,
    data=None,
) -> IncomingActForm | None:
    if item is None:
        return None
    choices = act_choices(item, person)
    if not choices.actions:
        return None
    return IncomingActForm(
        data,
        node_key=item.node_key,
        actions=choices.actions,
        return_targets=choices.return_targets,
        checklist=choices.checklist,
        document=document,
        forward_to=forward_choices(item, person),
    )


def _render(
    request: HttpRequest,
    document: IncomingDocument,
    *,
    item: WorkItem | None = None,
    form: IncomingActForm | None = None,
    status: int = 200,
) -> HttpResponse:
    me = _me(request)
    instance = selectors.current_instance(document)
    holders = list(items_of(instance=instance)) if instance else []
    open_holders = [h for h in holders if h.status == ItemStatus.OPEN]
    trail = [(e, trail_line(e)) for e in trail_for(instance=instance)] if instance else []
    extensions = list(selectors.extensions_of(document))
    pending = next((e for e in extensions if e.decision == ExtensionDecision.PENDING), None)
    manages = can_manage(me, document)
    co_item = co_item_for(document, me) if document.co_departments.all() else None
    remind_form = RemindForm(classification=document.classification, auto_id=False)
    return render(
        request,
        "incoming/document.html",
        {
            "doc": document,
            "instance": instance,
            "item": item,
            "form": form,
            "holders": holders,
            "open_holders": open_holders,
            "readers": [h for h in holders if h.kind == NodeKind.NOTICE],
            "own_attachments": [a for a in document.attachments.all() if not a.co_department_id],
            "co_answers": selectors.co_handling_of(document, instance),
            "co_materials_form": CoMaterialsForm()
            if co_item is not None and accepts_attachments(document)
            else None,
            "trail": trail,
            "extensions": extensions,
            # 催办 depends on the person and the flow, not on which holder: asked once.
            "may_remind": bool(open_holders) and can_remind(me, open_holders[0]),
            # Nobody is offered to 催办 himself.
            "remind_holders": [h for h in open_holders if h.assignee_id != me.pk],
            "remind_form": remind_form,
            # One form per holder, the same fields in each (no ids, each field labelled by
            # its wrapping label): rendered once here, not once per holder.
            "remind_fields": [(field.label, str(field)) for field in remind_form]
            if open_holders
            else [],
            "sheet_printable": document.status not in UNPRINTABLE_SHEET,
            "can_manage": manages,
            "supervisor_form": SupervisorForm(
                initial={"supervisor": document.supervisor_id}, document=document
            )
            if manages
            else None,
            "attachments_form": AttachmentsForm()
            if manages and accepts_attachments(document)
            else None,
            "extension_form": ExtensionRequestForm()
            if item and item.node_key == "handle" and not pending
            else None,
            "decision_form": ExtensionDecisionForm()
            if pending and can_decide_extension(me, document)
            else None,
            "pending_extension": pending,
            **_reply_context(document, me),
            "active_nav": "incoming",
        },
        status=status,
    )


def _reply_context(document: IncomingDocument, me: Person) -> dict[str, object]:
    """The 复文 this 收文 has (its state and link), or the offer to draft one."""
    answer = live_reply(SUBJECT_TYPE, document.pk)
    answer_type = proposed_answer_type(document)
    return {
        "answer": answer,
        "answer_link": linked(answer.answer_type, answer.answer_id) if answer else None,
        "may_reply": answer is None and may_reply(document) and can_start_reply(me, document),
        "reply_type_label": DocType(answer_type).label if answer_type else "",
    }


@require_POST
@login_required
def start_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """拟复文: the answering 发文 is drafted and opened for editing."""
    me = _me(request)
    document = selectors.incoming_get_for_person(person=me, pk=pk)
    try:
        drafted = incoming_reply_start(actor=me, document=document)
    except GovOAError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
        return redirect("incoming:document_detail", pk=pk)
    messages.success(request, f"已拟复文《{drafted.title}》，请修改正文后送审。")
    return redirect(drafted.url)


def _named_item(raw: str) -> int | None:
    """``?item=``: an item id, or nothing for anything else (never an error)."""
    try:
        ids = ids_from(raw, "item")
    except ValidationFailed:
        return None
    return ids[0] if len(ids) == 1 else None


def _open_item(document: IncomingDocument, me: Person, item_id: int | None) -> WorkItem | None:
    """The person's open item here: the one named by ``?item=`` if it is theirs and open, else
    their first. The named one is looked up only when it can differ from the first."""
    first = selectors.open_item_for(document=document, person=me)
    if first is None or item_id is None or first.pk == item_id:
        return first
    return selectors.open_item_for(document=document, person=me, item_id=item_id) or first


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The document, where it is (去向), its 办理过程, and the person's act form."""
    me = _me(request)
    document = selectors.incoming_get_for_person(person=me, pk=pk)
    incoming_document_viewed(actor=me, document=document)
    item = _open_item(document, me, _named_item(request.GET.get("item", "")))
    if item is not None:
        work_item_mark_opened(actor=me, item=item)
    return _render(request, document, item=item, form=_act_form(document, item, me))


@require_POST
@login_required
def document_act(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    me = _me(request)
    document = selectors.incoming_get_for_person(person=me, pk=pk)
    item = selectors.open_item_for(document=document, person=me, item_id=item_id)
    if item is None:
        raise NotFound("该事项不存在或已经办理。")
    form = _act_form(document, item, me, request.POST)
    if form is None:
        raise NotFound("该事项不存在或已经办理。")
    if not form.is_valid():
        return _render(request, document, item=item, form=form, status=400)
    refused = form.act(
        actor=me, item_id=item.pk, field_map={"next_assignees": _chooser(item.node_key)}
    )
    if refused:
        document = selectors.incoming_get_for_person(person=me, pk=pk)
        return _render(request, document, item=item, form=form, status=refused)
    messages.success(request, f"已办理：{document.number}《{document.title}》。")
    return redirect("web:workbench")


def _chooser(node_key: str) -> str:
    return {"propose": "leader", "assign": "handler"}.get(node_key, "next_assignees")


@download_view
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    me = _me(request)
    found = selectors.attachment_get_for_person(person=me, document_id=pk, pk=attachment_id)
    content = attachment_download(actor=me, attachment=found)
    return upload_response(
        content,
        content_type=found.file.content_type,
        filename=upload_name(me, found.file),
    )


@download_view
def printable_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    me = _me(request)
    if kind not in {"sheet", "return-slip"}:
        raise NotFound()
    document = selectors.incoming_get_for_person(person=me, pk=pk)
    if kind == "return-slip" and not document.return_reason:
        raise NotFound("该文件没有退文。")
    content = printable(
        actor=me, document=document, kind="sheet" if kind == "sheet" else "return_slip"
    )
    name = "收文处理单" if kind == "sheet" else "退文通知单"
    return file_response(
        content,
        content_type="application/pdf",
        filename=file_name(me, f"{name}（{document.title}）", "pdf", number=document.number),
        inline=True,
    )


@require_POST
@login_required
def add_attachments(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    document = selectors.incoming_get_for_person(person=me, pk=pk)
    form = AttachmentsForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要补充的文件。")
    else:
        try:
            incoming_add_attachments(
                actor=me,
                document=document,
                uploads=[(f.name, f) for f in form.cleaned_data["attachments"]],
            )
        except GovOAError as exc:
            if exc.status == 403:
                raise
            messages.error(request, exc.message)
            return _render(request, document, status=exc.status)
        messages.success(request, "附件已补充。")
    return redirect("incoming:document_detail", pk=pk)


@require_POST
@login_required
def add_co_materials(request: HttpRequest, pk: int) -> HttpResponse:
    """协办材料, from a 协办 department's head while the 协办 item is open."""
    me = _me(request)
    document = selectors.incoming_get_for_person(person=me, pk=pk)
    form = CoMaterialsForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要提供的材料。")
        return redirect("incoming:document_detail", pk=pk)
    try:
        incoming_co_material_add(
            actor=me,
            document=document,
            uploads=[(f.name, f) for f in form.cleaned_data["materials"]],
        )
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return _render(request, document, status=exc.status)
    messages.success(request, "协办材料已提供给主办部门。")
    return redirect("incoming:document_detail", pk=pk)


@require_POST
@login_required
def set_supervisor(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    document = selectors.incoming_get_for_person(person=me, pk=pk)
    form = SupervisorForm(request.POST, document=document)
    if not form.is_valid():
        messages.error(request, "请选择有效的催办人。")
    else:
        incoming_set_supervisor(
            actor=me, document=document, supervisor=form.cleaned_data["supervisor"]
        )
        messages.success(request, "催办人已设置。")
    return redirect("incoming:document_detail", pk=pk)


@require_POST
@login_required
def request_extension(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    document = selectors.incoming_get_for_person(person=me, pk=pk)
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("incoming:document_detail", pk=pk)
    try:
        extension_request(
            actor=me,
            document=document,
            requested_deadline=form.cleaned_data["requested_deadline"],
            reason=form.cleaned_data["reason"],
        )
    except GovOAError as exc:
        if exc.status == 403:
            raise
        messages.error(
            request,
            exc.message
            if not exc.fields
            else "；".join(m for ms in exc.fields.values() for m in ms),
        )
    else:
        messages.success(request, "延期申请已提交批办领导。")
    return redirect("incoming:document_detail", pk=pk)


@require_POST
@login_required
def decide_extension(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    me = _me(request)
    selectors.incoming_get_for_person(person=me, pk=pk)
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择同意或不同意。")
    else:
        extension_decide(
            actor=me,
            request_id=request_id,
            approve=form.cleaned_data["approve"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, "已审批延期申请。")
    return redirect("incoming:document_detail", pk=pk)


@login_required
def archive_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The 办结 hand-over as it stands (the page polls it until the background task has made
    the 收文处理单 and marked the document 待归档)."""
    document = selectors.incoming_get_for_person(person=_me(request), pk=pk)
    return render(request, "incoming/_archive_status.html", {"doc": document})
