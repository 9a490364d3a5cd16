"""What the 制度与学习 screens share: the person, the business gate, keyset paging, and the
run of one service from a bound form (errors back on the form, with the service's status)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest

from govoa.core.errors import GovOAError, PermissionDenied
from govoa.core.forms import apply_errors
from govoa.org.models import Person
from govoa.org.policies import may_handle_business

PAGE = 50


def me(request: HttpRequest) -> Person:
    return request.user  # type: ignore[return-value]


def business(request: HttpRequest) -> Person:
    person = me(request)
    if not may_handle_business(person):
        raise PermissionDenied("系统管理员、安全保密管理员和安全审计员不办理业务。")
    return person


def after(request: HttpRequest) -> int | None:
    raw = request.GET.get("after", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def page_of(rows: Any) -> tuple[list[Any], int | None]:
    """One page of a keyset list and the ``after`` of the next (None at the end)."""
    found = list(rows[: PAGE + 1])
    return found[:PAGE], (found[PAGE - 1].pk if len(found) > PAGE else None)


def run_form(
    form: forms.Form, call: Callable[[dict[str, Any]], Any], field_map: dict[str, str] | None = None
) -> tuple[Any, int]:
    """(result, 200) when the service did it; (None, status) with the errors on the form."""
    if not form.is_valid():
        return None, 400
    try:
        return call(form.cleaned_data), 200
    except GovOAError as exc:
        if exc.status in (403, 404):
            raise
        apply_errors(form, exc, field_map=field_map)
        return None, exc.status
