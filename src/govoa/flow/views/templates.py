from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.core.errors import GovOAError, NotFound, PermissionDenied
from govoa.core.forms import apply_errors
from govoa.flow import registry, selectors
from govoa.flow.definition import parse
from govoa.flow.diagram import render_svg
from govoa.flow.forms import NodeForm
from govoa.flow.models import FlowTemplate
from govoa.flow.policies import can_manage_templates
from govoa.flow.services import templates as services
from govoa.flow.services.eligibility import reach_text
from govoa.flow.workflow import TemplateStatus
from govoa.org.models import Person


def _admin(request: HttpRequest) -> Person:
    me: Person = request.user  # type: ignore[assignment]
    if not can_manage_templates(me):
        raise PermissionDenied("只有系统管理员可以管理流程模板。")
    return me


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    me = _admin(request)
    services.templates_ensure_defaults(agency=me.agency)
    return render(
        request,
        "flow/template_list.html",
        {
            "templates": selectors.template_list(person=me),
            "active_nav": "admin",
        },
    )


def _node_keys(template: FlowTemplate) -> list[tuple[str, str]]:
    return [(n.key, n.name) for n in parse(template.definition).nodes]


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = _admin(request)
    template = selectors.template_get_for_person(person=me, pk=pk)
    definition = parse(template.definition)
    adapter = registry.subject_adapter(template.subject_type)
    labels = services.duty_labels(template.subject_type, definition)
    rows = [
        (
            node,
            reach_text(adapter, node) if node.kind != "end" else "",
            "、".join(labels.ref(ref) for ref in node.differ_from),
            labels.node(node.alongside) if node.alongside else "",
        )
        for node in definition.nodes
    ]
    return render(
        request,
        "flow/template_detail.html",
        {
            "template": template,
            "definition": definition,
            "rows": rows,
            "svg": render_svg(definition, template.subject_type),
            "problems": services.check_definition(
                template.subject_type, template.definition, template.code
            ),
            "versions": selectors.template_versions(person=me, code=template.code),
            "is_draft": template.status == TemplateStatus.DRAFT,
            "adapter": adapter,
            "predicates": registry.predicates_for(template.subject_type),
            "active_nav": "admin",
        },
    )


@require_POST
@login_required
def template_draft(request: HttpRequest, code: str) -> HttpResponse:
    me = _admin(request)
    draft = services.template_draft(actor=me, code=code)
    return redirect("flow:template_detail", pk=draft.pk)


@login_required
def node_form(request: HttpRequest, pk: int, key: str | None = None) -> HttpResponse:
    me = _admin(request)
    template = selectors.template_get_for_person(person=me, pk=pk)
    if template.status != TemplateStatus.DRAFT:
        raise PermissionDenied("已发布的版本不能修改，请先建立草稿。")
    definition = parse(template.definition)
    node = definition.node(key) if key and definition.has(key) else None
    if key and node is None:
        raise NotFound("该节点不存在，可能已被删除。")
    initial = NodeForm.initial_for(node) if node else {"kind": "task", "assign_kind": "role"}
    stored = next((n for n in template.definition.get("nodes", []) if n.get("key") == key), None)
    form = NodeForm(
        request.POST or None,
        initial=initial,
        subject_type=template.subject_type,
        node_keys=_node_keys(template),
        original=stored if node else None,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _draft, problems = services.template_node_save(
                    actor=me, draft_id=template.pk, original_key=key, node=form.node_json()
                )
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, "节点已保存。")
                for problem in problems:
                    messages.warning(request, problem)
                return redirect("flow:template_detail", pk=template.pk)
        else:
            status = 400
    return render(
        request,
        "flow/node_form.html",
        {
            "template": template,
            "form": form,
            "node": node,
            "active_nav": "admin",
        },
        status=status,
    )


@require_POST
@login_required
def node_delete(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    me = _admin(request)
    _draft, problems = services.template_node_delete(actor=me, draft_id=pk, key=key)
    messages.success(request, "节点已删除。")
    for problem in problems:
        messages.warning(request, problem)
    return redirect("flow:template_detail", pk=pk)


@require_POST
@login_required
def set_start(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    me = _admin(request)
    services.template_set_start(actor=me, draft_id=pk, key=key)
    return redirect("flow:template_detail", pk=pk)


@require_POST
@login_required
def template_publish(request: HttpRequest, pk: int) -> HttpResponse:
    me = _admin(request)
    try:
        published = services.template_publish(actor=me, draft_id=pk)
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return redirect("flow:template_detail", pk=pk)
    messages.success(request, f"已发布为第 {published.version} 版；正在办理的流程仍按原版本执行。")
    return redirect("flow:template_detail", pk=published.pk)


@require_POST
@login_required
def template_discard(request: HttpRequest, pk: int) -> HttpResponse:
    me = _admin(request)
    template = selectors.template_get_for_person(person=me, pk=pk)
    services.template_draft_discard(actor=me, draft_id=pk)
    messages.success(request, "草稿已放弃。")
    current = services.template_current(agency=me.agency, code=template.code)
    return redirect("flow:template_detail", pk=current.pk)


@login_required
def template_diagram(request: HttpRequest, pk: int) -> HttpResponse:
    me = _admin(request)
    template = selectors.template_get_for_person(person=me, pk=pk)
    svg = render_svg(parse(template.definition), template.subject_type)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
