"""Form helpers shared by every screen."""

from typing import Any

from django import forms

from govoa.core.errors import GovOAError
from govoa.core.validation import MAX_ID


class DateInput(forms.DateInput):
    """The browser's date picker."""

    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateTimeTextInput(forms.DateTimeInput):
    """A date and time typed as ``2026-11-16 09:30`` in one box: one Tab stop, where the
    browser's datetime-local control takes six (year, month, day, hour, minute, picker)."""

    input_type = "text"

    def __init__(self, **kwargs: Any):
        attrs = {
            "placeholder": "2026-11-16 09:30",
            "inputmode": "numeric",
            "autocomplete": "off",
            "pattern": r"\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}",
            **kwargs.pop("attrs", {}),
        }
        super().__init__(format="%Y-%m-%d %H:%M", attrs=attrs, **kwargs)


# What DateTimeTextInput accepts (its own format, the ISO one of datetime-local and the API).
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, but an id no database column can hold is "not a valid choice" rather than an
    overflow in the query (a 500 on SQLite)."""

    def _check_values(self, value: Any) -> Any:
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                try:
                    number = int(str(pk).strip())
                except ValueError:
                    continue  # Django's own check reports it
                if not 1 <= number <= MAX_ID:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)  # type: ignore[misc]  # not in django-stubs


def apply_errors(
    form: forms.BaseForm, exc: GovOAError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's error on the form: per field where the form has the field, else on
    top. ``field_map`` renames service field names to form field names."""
    mapping = field_map or {}
    placed = False
    for name, messages in exc.fields.items():
        target = mapping.get(name, name)
        for message in messages:
            if target in form.fields:
                form.add_error(target, message)
                placed = True
            else:
                form.add_error(None, message)
                placed = True
    if not placed or exc.message != exc.default_message:
        form.add_error(None, exc.message)
