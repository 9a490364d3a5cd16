"""The form renderer (``FORM_RENDERER``): Django's, with the commonest widgets — ``<input>``
and ``<select>`` — written out in Python instead of through their templates.

Django renders a select through one template per option, each including the attributes
template: a register's filter form of five selects cost 4–8 ms of CPU per page (issue 9).
The output is exactly what Django's templates give (``tests`` compare the two on every
widget of the forms that use them); any other widget, or a select whose options use another
template, is rendered by Django's templates as before."""

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
_OPTION = _WIDGETS + "select_option.html"
# The widgets whose template is nothing but ``{% include "…/input.html" %}``.
_INPUTS = frozenset(
    _WIDGETS + name + ".html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
_CONTEXT = Context()  # autoescape on, as the widget templates render


def _text(value: Any) -> str:
    """``{{ value }}`` in a template."""
    return str(render_value_in_context(value, _CONTEXT))


def _string(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: ``%s``, escaped unless the value was safe."""
    formatted = "%s" % (value,)  # noqa: UP031 — exactly what the filter does
    return formatted if isinstance(value, SafeData) else str(conditional_escape(formatted))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + _text(name) if value is True else f' {_text(name)}="{_string(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_string(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _select(widget: Mapping[str, Any]) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None
            parts.append(
                f'\n  <option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"  # the option template's last line
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name in _INPUTS:
            return _input(context["widget"])
        if template_name == _WIDGETS + "select.html":
            written = _select(context["widget"])
            if written is not None:
                return written
        return str(super().render(template_name, context, request))
