"""What the 档案 screens share: the person, the business gate, the keyset cursor and form
errors as the services' validation error (the error page shows it with its status)."""

from django import forms
from django.http import HttpRequest

from govoa.core.errors import PermissionDenied, ValidationFailed
from govoa.org.models import Person
from govoa.org.policies import may_handle_business

PAGE = 50
NAV = "archives"


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


def valid(form: forms.Form) -> dict:
    if not form.is_valid():
        raise ValidationFailed(
            "请检查填写的内容。",
            fields={
                name: [f"{_label(form, name)}{e}" for e in errors]
                for name, errors in form.errors.items()
            },
        )
    return form.cleaned_data


def _label(form: forms.Form, name: str) -> str:
    field = form.fields.get(name)
    return f"{field.label}：" if field is not None and field.label else ""
