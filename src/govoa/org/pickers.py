"""People pickers that search as you type instead of listing the whole agency in the page.

A picker field keeps its full queryset for validation (a posted id outside it is "not a valid
choice", as before) but renders only the people already chosen. Its widget carries a signed
*scope* — who the form allows: clearance, optionally a department or roles — and the page's
script asks ``org:people_search`` for matches within that scope. The scope is signed so that
the endpoint trusts it without knowing the form; the agency is always the asker's own."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core import signing
from django.db.models import Q, QuerySet
from django.urls import reverse

from govoa.org.models import Person
from govoa.org.selectors import people_cleared

SALT = "govoa.org.people-picker"
RESULT_LIMIT = 20


def sign_scope(
    *,
    agency_id: int,
    clearance: int = 0,
    department_id: int | None = None,
    roles: Iterable[str] = (),
    exclude_id: int | None = None,
) -> str:
    """The token a picker widget carries: whom its form allows."""
    scope: dict[str, Any] = {"a": agency_id, "c": int(clearance)}
    if department_id is not None:
        scope["d"] = department_id
    if roles:
        scope["r"] = sorted(str(r) for r in roles)
    if exclude_id is not None:
        scope["x"] = exclude_id
    return signing.dumps(scope, salt=SALT, compress=False)


def read_scope(token: str) -> dict[str, Any] | None:
    """The scope of a token this server signed, else ``None`` (tampered or garbage)."""
    try:
        scope = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return scope if isinstance(scope, dict) and isinstance(scope.get("a"), int) else None


def people_in_scope(scope: dict[str, Any]) -> QuerySet[Person]:
    people = people_cleared(agency_id=scope["a"], clearance=int(scope.get("c", 0)))
    if scope.get("d") is not None:
        people = people.filter(department_id=scope["d"])
    if scope.get("r"):
        people = people.filter(role_assignments__role__in=scope["r"]).distinct()
    if scope.get("x") is not None:
        people = people.exclude(pk=scope["x"])
    return people


def search_people(scope: dict[str, Any], query: str) -> tuple[list[Person], bool]:
    """Up to RESULT_LIMIT people of the scope matching ``query`` (name, login name or
    department), and whether there are more. An empty query lists the first ones."""
    people = people_in_scope(scope)
    query = query.strip()
    if query:
        people = people.filter(
            Q(real_name__icontains=query)
            | Q(username__istartswith=query)
            | Q(department__name__icontains=query)
        )
    found = list(people[: RESULT_LIMIT + 1])
    return found[:RESULT_LIMIT], len(found) > RESULT_LIMIT


def person_label(person: Person) -> str:
    dept = person.department.name if person.department_id and person.department else ""
    title = f" {person.title}" if person.title else ""
    return f"{person.real_name}（{dept}{title}）" if dept or title else person.real_name


class _PickerMixin:
    """Renders only the chosen options, plus the data the script needs."""

    scope: str = ""
    choices: Any
    attrs: dict[str, Any]
    allow_multiple_selected: bool

    def optgroups(self, name: str, value: list[Any], attrs: Any = None) -> list[Any]:
        ids = [int(v) for v in value if str(v).isdigit() and 0 < int(v) < 2**31]
        options = []
        if not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "（未选择）", not ids, 0))  # type: ignore[attr-defined]
        queryset = getattr(self.choices, "queryset", None)
        if ids and queryset is not None:
            chosen = {p.pk: p for p in queryset.filter(pk__in=ids)}
            for index, pk in enumerate(i for i in ids if i in chosen):
                label = person_label(chosen[pk])
                options.append(self.create_option(name, str(pk), label, True, index + 1))  # type: ignore[attr-defined]
        return [(None, options, 0)]

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        attrs = {
            **(attrs or {}),
            "data-picker": reverse("org:people_search"),
            "data-picker-scope": self.scope,
        }
        return super().get_context(name, value, attrs)  # type: ignore[misc]


class PeoplePicker(_PickerMixin, forms.SelectMultiple):
    pass


class PersonPicker(_PickerMixin, forms.Select):
    pass


def use_picker(field: forms.Field, **scope: Any) -> None:
    """Turn a person field (single or multiple) into a search-as-you-type picker over
    ``scope`` (the arguments of ``sign_scope``), keeping its queryset for validation."""
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    widget = PeoplePicker() if multiple else PersonPicker()
    widget.choices = field.choices  # type: ignore[attr-defined]
    widget.is_required = field.required
    widget.scope = sign_scope(**scope)
    field.widget = widget
