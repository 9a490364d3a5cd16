"""The document page, shared by the views that show it again after a refused write."""

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from govoa.documents.replies import linked, live_reply, replies_answered_by
from govoa.flow.models import WorkItem
from govoa.flow.presenters import act_choices, forward_choices, trail_line
from govoa.flow.selectors import items_of, trail_for
from govoa.flow.workflow import ItemStatus
from govoa.org.models import Person
from govoa.outgoing import selectors
from govoa.outgoing.forms import (
    AttachmentForm,
    BodyImportForm,
    DraftForm,
    NumberVoidForm,
    OutgoingActForm,
)
from govoa.outgoing.joint_selectors import co_issuer_states
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.official import findings_for, findings_json
from govoa.outgoing.policies import SUBJECT_TYPE, can_manage_numbers, can_receive_for
from govoa.outgoing.services.drafting import can_edit, current_item
from govoa.outgoing.workflow import Status


def me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def may_submit(document: OutgoingDocument, person: Person, edit: WorkItem | bool | None) -> bool:
    """送审 is the drafter's, before submission or when the text came back to 拟稿."""
    if document.drafter_id != person.pk:
        return False
    return edit is True or (isinstance(edit, WorkItem) and edit.node_key == "draft")


def draft_form(
    document: OutgoingDocument, person: Person, data: QueryDict | None = None
) -> DraftForm:
    return DraftForm(
        data,
        person=person,
        categories=selectors.categories_for(person=person),
        document=document,
    )


def act_form(
    document: OutgoingDocument,
    item: WorkItem | None,
    person: Person,
    data: QueryDict | None = None,
) -> OutgoingActForm | None:
    # At 拟稿 the act is 送审, from the editor (it runs the 核稿助手 first).
    if item is None or item.node_key == "draft":
        return None
    choices = act_choices(item, person)
    if not choices.actions:
        return None
    return OutgoingActForm(
        data,
        node_key=item.node_key,
        actions=choices.actions,
        return_targets=choices.return_targets,
        checklist=choices.checklist,
        document=document,
        actor=person,
        forward_to=forward_choices(item, person),
    )


def reply_context(document: OutgoingDocument) -> dict[str, object]:
    """What this 发文 answers (a 收文), and the answer it got (a 请示 answered by exchange)."""
    answers = replies_answered_by(SUBJECT_TYPE, document.pk)
    answer = live_reply(SUBJECT_TYPE, document.pk)
    return {
        "answers": [(r, linked(r.question_type, r.question_id)) for r in answers],
        "answer": answer,
        "answer_link": linked(answer.answer_type, answer.answer_id) if answer else None,
    }


def render_document(
    request: HttpRequest,
    document: OutgoingDocument,
    *,
    forms_given: dict[str, forms.Form | None] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The document page; ``forms_given`` replaces the page's blank forms by bound ones
    (``form``, ``act_form``, ``attachment_form``, ``import_form``, ``void_form``) so that a
    refused write shows its errors where it was made."""
    person = me(request)
    given = forms_given or {}
    edit = can_edit(document, person)
    item = edit if isinstance(edit, WorkItem) else current_item(document, person)
    instance = selectors.current_instance(document)
    holders = list(items_of(instance=instance)) if instance else []
    distributions = list(selectors.distributions_of(document))
    can_void = (
        can_manage_numbers(person) and bool(document.number) and document.status != Status.ISSUED
    )
    context = {
        "doc": document,
        "editable": bool(edit),
        "can_submit": may_submit(document, person, edit),
        "item": item,
        "form": given.get("form", draft_form(document, person) if edit else None),
        "act_form": given.get("act_form", act_form(document, item, person)),
        "attachment_form": given.get("attachment_form", AttachmentForm() if edit else None),
        "import_form": given.get("import_form", BodyImportForm() if edit else None),
        "void_form": given.get("void_form", NumberVoidForm() if can_void else None),
        "findings": findings_json(findings_for(document)),  # the text as it stands
        "instance": instance,
        "holders": holders,
        "open_holders": [h for h in holders if h.status == ItemStatus.OPEN],
        "trail": [(e, trail_line(e)) for e in trail_for(instance=instance)] if instance else [],
        "distributions": distributions,
        "receivable": {
            d.pk for d in distributions if d.received_at is None and can_receive_for(person, d)
        },
        **reply_context(document),
        "co_issuers": co_issuer_states(document),
        "active_nav": "outgoing",
    }
    return render(request, "outgoing/document.html", context, status=status)
