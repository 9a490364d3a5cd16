from typing import Any

from django import forms

from govoa.search import selectors
from govoa.search.selectors import SearchFilters


class SearchForm(forms.Form):
    q = forms.CharField(label="检索词", max_length=100, strip=True)
    type = forms.MultipleChoiceField(label="范围", required=False, choices=[])
    date_from = forms.DateField(label="起始日期", required=False)
    date_to = forms.DateField(label="截止日期", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["type"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = selectors.source_choices()
        field.widget = forms.CheckboxSelectMultiple(choices=field.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            query=data["q"],
            sources=data.get("type") or (),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
