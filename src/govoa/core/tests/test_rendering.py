"""The form renderer writes <input> and <select> exactly as Django's templates do."""

from unittest import mock

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from govoa.core.forms import DateInput, DateTimeTextInput
from govoa.core.rendering import FormRenderer

GROUPED = [
    ("", "全部"),
    ("办文", [("in", "收文"), ("out", "发文 <急>")]),
    ("办会", [("meet", mark_safe("会议<b>通知</b>"))]),
    (7, 2026),
]


class Everything(forms.Form):
    q = forms.CharField(
        label="标题",
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={"data-search": True, "placeholder": "“引号” & <尖括号> 'x'", "off": False}
        ),
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    on = forms.DateField(widget=DateInput, required=False)
    at = forms.DateTimeField(widget=DateTimeTextInput(), required=False)
    check = forms.BooleanField(required=False)
    kind = forms.ChoiceField(choices=GROUPED, required=False)
    kinds = forms.MultipleChoiceField(choices=GROUPED, required=False)
    level = forms.TypedChoiceField(
        choices=[("", "全部"), (0, "非密"), (1, "内部")], coerce=int, required=False
    )
    radio = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect)
    text = forms.CharField(widget=forms.Textarea, required=False)


BOUND = {
    "q": "a<\"&'>b",
    "year": "1999",  # invalid: the error attributes are rendered too
    "email": "x@example.cn",
    "secret": "s<e>",
    "hidden": "h&",
    "on": "2026-11-16",
    "at": "2026-11-16 09:30",
    "check": "on",
    "kind": "out",
    "kinds": ["in", "meet"],
    "level": "1",
    "radio": "b",
    "text": "正文 <p>",
}


def _rendered(form: forms.Form, renderer: object) -> list[str]:
    form.renderer = renderer  # type: ignore[assignment]
    form.is_bound and form.is_valid()
    return [str(field) for field in form]


@pytest.mark.parametrize("data", [None, BOUND], ids=["unbound", "bound"])
def test_every_widget_is_written_as_djangos_templates_write_it(data: dict | None) -> None:
    expected = _rendered(Everything(data, initial={"check": True}), DjangoTemplates())
    written = _rendered(Everything(data, initial={"check": True}), FormRenderer())
    assert written == expected
    assert any("<optgroup" in html for html in written)  # the groups were exercised


def test_a_select_is_written_without_a_template_per_option() -> None:
    renderer = FormRenderer()
    field = forms.ChoiceField(choices=[(str(n), f"第{n}项") for n in range(50)])
    form = forms.Form()
    form.fields["many"] = field
    form.renderer = renderer
    with mock.patch.object(
        DjangoTemplates, "get_template", side_effect=AssertionError("a template was loaded")
    ):
        html = str(form["many"])
    assert html.count("<option") == 50
    assert '<option value="49">第49项</option>' in html


def test_the_registers_filter_forms_are_unchanged(people) -> None:
    from govoa.incoming.forms import RegisterFilterForm as IncomingFilters
    from govoa.outgoing.forms import RegisterFilterForm as OutgoingFilters
    from govoa.outgoing.models import DocumentCategory

    agency_id, department = people.agency.pk, people.planning
    categories = DocumentCategory.objects.filter(agency_id=agency_id)
    for data in (None, {"status": "issued", "department": str(department.pk), "year": "x"}):
        for make in (
            lambda d=data: IncomingFilters(d, agency_id=agency_id),
            lambda d=data: OutgoingFilters(d, agency_id=agency_id, categories=categories),
        ):
            assert _rendered(make(), FormRenderer()) == _rendered(make(), DjangoTemplates())
