"""制度文件库 and 岗位职责 screens: the library, a rule (its clauses, its revision history,
revise and repeal), the posts and their duty lists."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.core.errors import PermissionDenied
from govoa.handbook import policies, selectors
from govoa.handbook.forms import DutiesForm, PostForm, RepealForm, RevisionForm, RuleForm
from govoa.handbook.services.posts import post_create, post_duties_propose
from govoa.handbook.services.rules import RevisionData, rule_propose, rule_repeal, rule_revise
from govoa.handbook.views.common import business, me, run_form
from govoa.handbook.workflow import RuleCategory


def _revision(d: dict[str, Any]) -> RevisionData:
    return RevisionData(d["version"], d["effective_on"], d["body"], d["change_note"])


@login_required
def index(request: HttpRequest) -> HttpResponse:
    person = business(request)
    category = request.GET.get("category", "")
    category = category if category in RuleCategory.values else ""
    return render(
        request,
        "handbook/index.html",
        {
            "rules": list(selectors.rule_list(person=person, category=category)[:500]),
            "categories": RuleCategory.choices,
            "category": category,
            "can_manage": policies.can_manage_rules(person),
            "posts": selectors.posts_held(person=person),
            "active_nav": "handbook",
        },
    )


@login_required
def rule_new(request: HttpRequest) -> HttpResponse:
    person = me(request)
    if not policies.can_manage_rules(person):
        raise PermissionDenied("只有办公室主任可以提请制定制度。")
    form = RuleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        version, status = run_form(
            form,
            lambda d: rule_propose(
                actor=person,
                code=d["code"],
                title=d["title"],
                category=d["category"],
                data=_revision(d),
            ),
        )
        if version is not None:
            messages.success(request, "已送主要领导审批，批准后发布。")
            return redirect("handbook:rule_detail", pk=version.rule_id)
    return render(
        request, "handbook/rule_new.html", {"form": form, "active_nav": "handbook"}, status=status
    )


def _rule_page(request: HttpRequest, pk: int, status: int = 200, **forms: Any) -> HttpResponse:
    person = business(request)
    rule = selectors.rule_get_for_person(person=person, pk=pk)
    keeper = policies.can_manage_rules(person)
    return render(
        request,
        "handbook/rule.html",
        {
            "rule": rule,
            "clauses": list(enumerate(rule.current.clauses, start=1)) if rule.current else [],
            "versions": selectors.rule_versions(person=person, rule=rule),
            "open_item": selectors.rule_open_item(person=person, rule=rule),
            "revise_form": forms.get("revise_form") or (RevisionForm() if keeper else None),
            "repeal_form": forms.get("repeal_form") or (RepealForm() if keeper else None),
            "active_nav": "handbook",
        },
        status=status,
    )


@login_required
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _rule_page(request, pk)


@login_required
@require_POST
def rule_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = business(request)
    rule = selectors.rule_get_for_person(person=person, pk=pk)
    form = RevisionForm(request.POST)
    done, status = run_form(
        form, lambda d: rule_revise(actor=person, rule_id=rule.pk, data=_revision(d))
    )
    if done is None:
        return _rule_page(request, pk, status, revise_form=form)
    messages.success(request, "修订已送主要领导审批。")
    return redirect("handbook:rule_detail", pk=pk)


@login_required
@require_POST
def rule_repeal_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = business(request)
    rule = selectors.rule_get_for_person(person=person, pk=pk)
    form = RepealForm(request.POST)
    done, status = run_form(
        form,
        lambda d: rule_repeal(
            actor=person, rule_id=rule.pk, effective_on=d["effective_on"], reason=d["change_note"]
        ),
    )
    if done is None:
        return _rule_page(request, pk, status, repeal_form=form)
    messages.success(request, "废止已送主要领导审批。")
    return redirect("handbook:rule_detail", pk=pk)


@login_required
def post_list(request: HttpRequest) -> HttpResponse:
    person = business(request)
    keeper = policies.can_manage_rules(person)
    form = PostForm(request.POST or None) if keeper else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有办公室主任可以维护岗位职责。")
        post, status = run_form(
            form, lambda d: post_create(actor=person, name=d["name"], role=d["role"])
        )
        if post is not None:
            messages.success(request, f"已设立“{post.name}”，请发布其职责清单。")
            return redirect("handbook:post_detail", pk=post.pk)
    return render(
        request,
        "handbook/posts.html",
        {
            "posts": list(selectors.post_list(person=person)[:200]),
            "held": {p.pk for p in selectors.posts_held(person=person)},
            "form": form,
            "active_nav": "handbook",
        },
        status=status,
    )


@login_required
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = business(request)
    post = selectors.post_get_for_person(person=person, pk=pk)
    keeper = policies.can_manage_rules(person)
    form = None
    if keeper:
        initial = {"duties": post.current.duties} if post.current else {}
        form = DutiesForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有办公室主任可以拟定岗位职责。")
        version, status = run_form(
            form,
            lambda d: post_duties_propose(
                actor=person, post_id=post.pk, duties=d["duties"], effective_on=d["effective_on"]
            ),
        )
        if version is not None:
            messages.success(request, "职责清单已送主要领导审批，批准后发布。")
            return redirect("handbook:post_detail", pk=post.pk)
    return render(
        request,
        "handbook/post.html",
        {
            "post": post,
            "versions": selectors.post_versions(person=person, post=post),
            "open_item": selectors.post_open_item(person=person, post=post),
            "form": form,
            "active_nav": "handbook",
        },
        status=status,
    )
