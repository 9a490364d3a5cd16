from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from govoa.core.errors import GovOAError
from govoa.core.forms import apply_errors
from govoa.flow import registry, selectors
from govoa.flow.forms import ActForm, RemindForm
from govoa.flow.policies import can_remind
from govoa.flow.presenters import act_choices, module_label, trail_line
from govoa.flow.services.acts import (
    candidates_for_next,
    work_item_act,
    work_item_mark_opened,
    work_item_withdraw,
)
from govoa.flow.services.reminders import work_item_remind
from govoa.flow.workflow import Action
from govoa.org.models import Person
from govoa.org.selectors import people_cleared


def _me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def _act_form(item, person: Person, data=None) -> ActForm:
    choices = act_choices(item, person)
    colleagues = people_cleared(
        agency_id=item.instance.agency_id, clearance=item.instance.classification
    ).exclude(pk=person.pk)
    candidates = candidates_for_next(item=item, actor=person) if choices.actions else []
    return ActForm(
        data,
        actions=choices.actions,
        return_targets=choices.return_targets,
        colleagues=colleagues,
        candidates=candidates,
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
) -> HttpResponse:
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
            "module_label": module_label(instance.module, instance.subject_type),
            "remind_form": RemindForm() if can_remind(me, item) and item.status == "open" else None,
            "active_nav": "workbench",
        },
        status=status,
    )


@require_POST
@login_required
def item_act(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    item = selectors.work_item_get_for_person(person=me, pk=pk)
    form = _act_form(item, me, request.POST)
    if not form.is_valid():
        return _render_item(request, item, form, status=400)
    data = form.cleaned_data
    payload = {
        "target_node": data.get("target_node", ""),
        "to_person": data["to_person"].pk if data.get("to_person") else None,
        "next_assignees": [p.pk for p in data.get("next_assignees") or []],
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
    work_item_withdraw(actor=me, item_id=item.pk)
    messages.success(request, "已收回，请重新办理。")
    return redirect("flow:item_detail", pk=item.pk)


@require_POST
@login_required
def item_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """催办, from any page that shows the item's holder; the service decides who may."""
    me = _me(request)
    form = RemindForm(request.POST)
    if not form.is_valid():
        messages.error(request, "催办方式或说明无效。")
    else:
        reminder = work_item_remind(
            actor=me,
            item_id=pk,
            channel=form.cleaned_data["channel"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, f"已催办{reminder.sent_to.real_name}。")
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
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
