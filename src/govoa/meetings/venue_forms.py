"""Forms of the venue work on the meeting page: they parse; the services decide."""

from typing import Any

from django import forms

from govoa.core.forms import DateTimeInput
from govoa.meetings.services.venue import ItemResult
from govoa.meetings.workflow import IncidentKind, MeetingType, VenuePhase

RESULT_CHOICES = [("", "未检查"), ("ok", "正常"), ("fault", "异常")]


class VenueSettingsForm(forms.Form):
    meeting_type = forms.ChoiceField(label="会议类型", choices=MeetingType.choices)
    important = forms.BooleanField(label="重要会议（须彩排）", required=False)


class VenueCheckForm(forms.Form):
    """One row per checklist item: 正常, 异常 (with what was found) or not checked yet."""

    phase = forms.ChoiceField(label="检查时点", choices=VenuePhase.choices)

    def __init__(self, *args: Any, items: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for n, item in enumerate(items):
            self.fields[f"result_{n}"] = forms.ChoiceField(
                label=item, choices=RESULT_CHOICES, required=False
            )
            self.fields[f"note_{n}"] = forms.CharField(
                label=f"{item}：情况说明", max_length=200, required=False
            )

    def results(self) -> list[ItemResult]:
        data = self.cleaned_data
        return [
            ItemResult(item, data[f"result_{n}"] == "ok", data.get(f"note_{n}", ""))
            for n, item in enumerate(self.items)
            if data.get(f"result_{n}")
        ]


class RehearsalForm(forms.Form):
    held_at = forms.DateTimeField(label="彩排时间", widget=DateTimeInput)
    note = forms.CharField(
        label="彩排情况", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=IncidentKind.choices)
    occurred_at = forms.DateTimeField(label="发生时间", widget=DateTimeInput)
    description = forms.CharField(label="情况", max_length=300)
    response = forms.CharField(label="处置", max_length=300)


class ChecklistForm(forms.Form):
    meeting_type = forms.ChoiceField(label="会议类型", choices=MeetingType.choices)
    items = forms.CharField(
        label="检查项目", widget=forms.Textarea(attrs={"rows": 9}), help_text="每行一项"
    )
