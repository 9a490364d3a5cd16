from typing import Any

from django import forms
from django.utils import timezone

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
