from django import forms

from govoa.audit.models import Outcome
from govoa.core.forms import DateInput


class AuditFilterForm(forms.Form):
    since = forms.DateField(label="起始日期", required=False, widget=DateInput)
    until = forms.DateField(label="截止日期", required=False, widget=DateInput)
    actor = forms.CharField(label="操作人", required=False, max_length=50)
    action = forms.CharField(
        label="事件类型",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "如 accounts.session"}),
    )
    outcome = forms.ChoiceField(
        label="结果", required=False, choices=[("", "全部"), *Outcome.choices]
    )
