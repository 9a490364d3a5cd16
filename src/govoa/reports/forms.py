from typing import Any

from django import forms
from django.utils import timezone

from govoa.org.models import Person, PersonStatus
from govoa.reports import period as periods
from govoa.reports.period import Period

KINDS = [("month", "月度"), ("quarter", "季度"), ("range", "自定义")]
MAX_DAYS = 400


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label="统计周期", choices=KINDS, initial="month")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
    number = forms.IntegerField(label="月份或季度", min_value=1, max_value=12, required=False)
    start = forms.DateField(label="起始日期", required=False)
    end = forms.DateField(label="截止日期", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind") or "month"
        today = timezone.localdate()
        if kind == "range":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError("自定义周期请填写起始和截止日期。")
            if start > end:
                self.add_error("end", "截止日期不能早于起始日期。")
            elif (end - start).days > MAX_DAYS:
                self.add_error("end", f"统计周期最长 {MAX_DAYS} 天。")
            data["period"] = Period(start, end)
            return data
        year = data.get("year") or today.year
        number = data.get("number")
        if kind == "quarter":
            number = number or (today.month - 1) // 3 + 1
            if number > 4:
                self.add_error("number", "季度为 1 至 4。")
                return data
            data["period"] = periods.quarter(year, number)
        else:
            data["period"] = periods.month(year, number or today.month)
        return data

    @property
    def period(self) -> Period:
        return self.cleaned_data["period"]


class BulletinForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", choices=[("monthly", "月度"), ("quarterly", "季度")], initial="monthly"
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    number = forms.IntegerField(label="月份或季度", min_value=1, max_value=12)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, year, number = data.get("kind"), data.get("year"), data.get("number")
        if not (kind and year and number):
            return data
        if kind == "quarterly" and number > 4:
            self.add_error("number", "季度为 1 至 4。")
            return data
        period = (
            periods.quarter(year, number) if kind == "quarterly" else periods.month(year, number)
        )
        if period.end >= timezone.localdate():
            self.add_error("number", "该期尚未结束，期满后才能印发通报。")
            return data
        data["period"] = period
        return data

    @property
    def period(self) -> Period:
        return self.cleaned_data["period"]


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=[("problem", "问题"), ("suggestion", "建议")])
    procedure = forms.CharField(label="涉及的流程或事项", max_length=100)
    content = forms.CharField(
        label="问题或建议", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label="研判", choices=[("accept", "采纳"), ("decline", "不予采纳")]
    )
    note = forms.CharField(label="研判意见", max_length=300, required=False)
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        label="负责人", queryset=Person.objects.none(), required=False
    )
    deadline = forms.DateField(label="完成时限", required=False)
    goal = forms.CharField(label="优化目标", max_length=2000, required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Person.objects.filter(
            agency_id=agency_id, status=PersonStatus.ACTIVE
        ).order_by("rank_order", "pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "accept":
            for name, label in (
                ("owner", "负责人"),
                ("deadline", "完成时限"),
                ("goal", "优化目标"),
            ):
                if not data.get(name):
                    self.add_error(name, f"采纳时须填写{label}。")
            deadline = data.get("deadline")
            if deadline and deadline < timezone.localdate():
                self.add_error("deadline", "完成时限不能早于今天。")
        return data


class RevisionForm(forms.Form):
    revised_on = forms.DateField(label="修订日期")
    section = forms.CharField(label="修订章节", max_length=100)
    summary = forms.CharField(
        label="修订内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    feedback_id = forms.IntegerField(
        label="来源反馈编号", required=False, min_value=1, max_value=2**62
    )
