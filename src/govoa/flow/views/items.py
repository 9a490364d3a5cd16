from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from govoa.core.errors import AlreadyHandled, GovOAError, TransitionNotAllowed
from govoa.core.forms import apply_errors
from govoa.flow import registry, selectors
from govoa.flow.forms import ActForm, RemindForm, checklist_payload
from govoa.flow.policies import can_remind
from govoa.flow.presenters import (
    act_choices,
    forward_choices,
    module_label,
    step_clause,
    trail_line,
)
from govoa.flow.services.acts import (
    candidates_for_next,
    work_item_act,
    work_item_mark_opened,
    work_item_withdraw,
)
from govoa.flow.services.reminders import work_item_remind
from govoa.flow.workflow import Action, ItemStatus
from govoa.org.models import Person
from govoa.org.selectors import people_cleared


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _act_form(item, person: Person, data=None) -> ActForm:
    choices = act_choices(item, person)
    colleagues = forward_choices(item, person) if choices.actions else Person.objects.none()
    people = people_cleared(
        agency_id=item.instance.agency_id, clearance=item.instance.classification
    )
    candidates = candidates_for_next(item=item, actor=person) if choices.actions else []
    return ActForm(
        data,
        actions=choices.actions,
        return_targets=choices.return_targets,
        colleagues=colleagues,
        candidates=candidates,
        people=people,
        checklist=choices.checklist,
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    item = selectors.work_item_get_for_person(person=me, pk=pk)
    adapter = registry.subject_adapter(item.instance.subject_type)
    if adapter.act_on_subject_page and item.instance.url:
        return redirect(f"{item.instance.url}?item={item.pk}")
    work_item_mark_opened(actor=me, item=item)
    return _render_item(request, item, _act_form(item, me))


def _render_item(
    request: HttpRequest,
    item,
    form: ActForm,
    status: int = 200,
    error: GovOAError | None = None,
) -> HttpResponse:
    """The item page; ``error`` (a refused act or 收回) is shown on top with its status."""
    me = _me(request)
    instance = item.instance
    trail = [(entry, trail_line(entry)) for entry in selectors.trail_for(instance=instance)]
    return render(
        request,
        "flow/item_detail.html",
        {
            "item": item,
            "instance": instance,
            "form": form,
            "trail": trail,
            "holders": selectors.items_of(instance=instance),
            "choices": act_choices(item, me),
            "clause": step_clause(item),
            "module_label": module_label(instance.module, instance.subject_type),
            "remind_form": (
                RemindForm(classification=instance.classification)
                if can_remind(me, item) and item.status == ItemStatus.OPEN
                else None
            ),
            "error": error,
            "active_nav": "workbench",
        },
        status=status,
    )


@require_POST
@login_required
def item_act(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    item = selectors.work_item_get_for_person(person=me, pk=pk)
    if item.status != ItemStatus.OPEN:
        # A second submission (double click, back button): answer and change nothing.
        already = AlreadyHandled("该待办已办理，无需重复提交。")
        return _render_item(request, item, _act_form(item, me), already.status, already)
    form = _act_form(item, me, request.POST)
    if not form.fields["action"].choices:  # type: ignore[attr-defined]
        refused = TransitionNotAllowed("您当前不能办理该待办。")
        return _render_item(request, item, form, refused.status, refused)
    if not form.is_valid():
        return _render_item(request, item, form, status=400)
    data = form.cleaned_data
    payload = {
        "target_node": data.get("target_node", ""),
        "to_person": data["to_person"].pk if data.get("to_person") else None,
        "next_assignees": [p.pk for p in data.get("next_assignees") or []],
        **checklist_payload(form),
    }
    try:
        work_item_act(
            actor=me,
            item_id=item.pk,
            action=data["action"],
            opinion=data.get("opinion", ""),
            payload=payload,
        )
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        apply_errors(form, exc, field_map={"target_node": "target_node"})
        item.refresh_from_db()
        return _render_item(request, item, form, status=exc.status)
    messages.success(request, f"已办理：{Action(data['action']).label}。")
    return redirect("web:workbench")


@require_POST
@login_required
def item_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    item = selectors.work_item_get_for_person(person=me, pk=pk)
    try:
        work_item_withdraw(actor=me, item_id=item.pk)
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        item.refresh_from_db()
        return _render_item(request, item, _act_form(item, me), exc.status, exc)
    messages.success(request, "已收回，请重新办理。")
    return redirect("flow:item_detail", pk=item.pk)


@require_POST
@login_required
def item_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """催办, from any page that shows the item's holder; the service decides who may."""
    me = _me(request)
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    # Every channel is accepted here: the service knows the item's 密级 and refuses e-mail
    # and SMS for a classified one (the form on the item page does not offer them).
    form = RemindForm(request.POST)
    if not form.is_valid():
        messages.error(request, "催办方式或说明无效。")
        return redirect(back or "web:workbench")
    try:
        reminder = work_item_remind(
            actor=me,
            item_id=pk,
            channel=form.cleaned_data["channel"],
            note=form.cleaned_data["note"],
        )
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        return render(
            request,
            "flow/remind_refused.html",
            {"error": exc, "back": back, "active_nav": "workbench"},
            status=exc.status,
        )
    messages.success(request, f"已催办{reminder.sent_to.real_name}。")
    return redirect(back or "web:workbench")


@login_required
def instance_trail(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    instance = selectors.instance_get_for_person(person=me, pk=pk)
    trail = [(entry, trail_line(entry)) for entry in selectors.trail_for(instance=instance)]
    return render(
        request,
        "flow/instance_trail.html",
        {
            "instance": instance,
            "trail": trail,
            "holders": selectors.items_of(instance=instance),
            "module_label": module_label(instance.module, instance.subject_type),
            "active_nav": "workbench",
        },
    )
