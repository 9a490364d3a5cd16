"""Forms of 档案管理 (parse and report input; the services decide)."""

import datetime

from django import forms
from django.utils import timezone

from govoa.archives.workflow import Decision, JoinKind, LoanKind, Retention


class SearchForm(forms.Form):
    reference_code = forms.CharField(label="档号", max_length=80, required=False)
    year = forms.IntegerField(label="年度", min_value=1949, max_value=9999, required=False)
    class_code = forms.CharField(label="类目", max_length=40, required=False)
    title = forms.CharField(label="题名", max_length=100, required=False)
    responsible = forms.CharField(label="责任者", max_length=100, required=False)


class IntakeForm(forms.Form):
    source_type = forms.CharField(max_length=100)
    source_id = forms.IntegerField(min_value=1, max_value=2**62)


class ClassifyForm(forms.Form):
    retention = forms.ChoiceField(
        label="保管期限", choices=[("", "按保管期限表"), *Retention.choices], required=False
    )
    department = forms.IntegerField(
        label="机构（问题）", required=False, min_value=1, max_value=2**62
    )
    year = forms.IntegerField(label="年度", min_value=1949, max_value=9999, required=False)
    note = forms.CharField(label="备注", max_length=300, required=False)


class ExcludeForm(forms.Form):
    reason = forms.CharField(label="不归档理由", max_length=200)


class JoinForm(forms.Form):
    other = forms.IntegerField(label="与之组件的件（编号）", min_value=1, max_value=2**62)
    kind = forms.ChoiceField(label="组件方式", choices=JoinKind.choices)


class FileForm(forms.Form):
    records = forms.CharField(label="归档的件", max_length=2000)

    def clean_records(self) -> list[int]:
        raw = self.cleaned_data["records"].replace("，", ",").split(",")
        ids = [int(x) for x in raw if x.strip().isdigit() and len(x.strip()) < 19]
        if not ids:
            raise forms.ValidationError("请选择要归档的件。")
        return ids


class LoanForm(forms.Form):
    kind = forms.ChoiceField(label="借阅方式", choices=LoanKind.choices)
    purpose = forms.CharField(label="借阅目的", max_length=300)
    due_date = forms.DateField(label="归还日期")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.initial["due_date"] = timezone.localdate() + datetime.timedelta(days=7)


class AppraisalForm(forms.Form):
    records = forms.CharField(label="鉴定的档案", max_length=2000)
    decision = forms.ChoiceField(label="鉴定意见", choices=Decision.choices)
    committee = forms.CharField(label="鉴定小组（用户名，用顿号或逗号分隔）", max_length=500)
    opinion = forms.CharField(label="鉴定说明", max_length=300)

    def clean_records(self) -> list[int]:
        return FileForm.clean_records(self)  # type: ignore[arg-type]

    def clean_committee(self) -> list[str]:
        text = self.cleaned_data["committee"]
        for mark in "、，; ；":
            text = text.replace(mark, ",")
        return [name.strip() for name in text.split(",") if name.strip()]


class VoteForm(forms.Form):
    decision = forms.ChoiceField(label="我的意见", choices=Decision.choices)
    reason = forms.CharField(label="理由", max_length=300)


class DestructionForm(forms.Form):
    records = forms.CharField(label="销毁的档案", max_length=2000)
    reason = forms.CharField(label="销毁理由", max_length=300)

    def clean_records(self) -> list[int]:
        return FileForm.clean_records(self)  # type: ignore[arg-type]
