from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govoa.core.errors import GovOAError
from govoa.core.forms import apply_errors
from govoa.core.paging import paginate
from govoa.core.vocabulary import Role
from govoa.org import selectors
from govoa.org.forms import DelegationForm
from govoa.org.models import Person
from govoa.org.services.delegations import delegation_create, delegation_revoke


@login_required
def delegation_list(request: HttpRequest) -> HttpResponse:
    """One's own delegations; the system administrator sees and sets everyone's."""
    me: Person = request.user  # type: ignore[assignment]
    is_admin = me.has_role(Role.SYS_ADMIN)
    form = DelegationForm(request.POST or None, person=me, may_choose_principal=is_admin)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                delegation_create(
                    actor=me,
                    principal=data.get("principal") or me,
                    delegate=data["delegate"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    reason=data["reason"],
                )
            except GovOAError as exc:
                apply_errors(form, exc)
                status = exc.status
            else:
                messages.success(request, "代理已设置。")
                return redirect("org:delegation_list")
        else:
            status = 400
    delegations = selectors.delegation_list(person=me)
    if not is_admin:
        delegations = delegations.filter(principal=me) | delegations.filter(delegate=me)
    return render(
        request,
        "org/delegation_list.html",
        {
            "form": form,
            "page_obj": paginate(request, delegations),
            "is_admin": is_admin,
            "active_nav": "workbench",
        },
        status=status,
    )


@require_POST
@login_required
def delegation_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    me: Person = request.user  # type: ignore[assignment]
    delegation = selectors.delegation_get_for_person(person=me, pk=pk)
    delegation_revoke(actor=me, delegation=delegation)
    messages.success(request, "代理已撤销。")
    return redirect("org:delegation_list")
