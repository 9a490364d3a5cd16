"""The forms of the 督办 pages (the services check everything again; a form only parses)."""

from typing import Any

from django import forms

from govoa.core.forms import DateInput
from govoa.core.vocabulary import Classification, Role
from govoa.flow.forms import PersonChoiceField
from govoa.org.models import Department, Person
from govoa.org.pickers import use_picker
from govoa.org.selectors import business_people
from govoa.supervision.workflow import Glance, SourceKind

TEXTAREA = {"rows": 3}


LEADERS = [Role.LEADER_DEPUTY, Role.LEADER_PRINCIPAL]


def _people(agency_id: int) -> Any:
    return business_people(agency_id=agency_id).select_related("department")


def _pick_person(field: forms.Field, agency_id: int, leaders: bool = False) -> None:
    """A search-as-you-type picker (never the whole agency in the page); the queryset stays
    for validation."""
    assert isinstance(field, forms.ModelChoiceField)
    people = _people(agency_id)
    field.queryset = (
        people.filter(role_assignments__role__in=LEADERS).distinct() if leaders else people
    )
    use_picker(field, agency_id=agency_id, roles=LEADERS if leaders else ())


class TaskForm(forms.Form):
    title = forms.CharField(label="任务名称", max_length=200)
    background = forms.CharField(
        label="背景", required=False, max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    goal = forms.CharField(label="目标", max_length=5000, widget=forms.Textarea(attrs=TEXTAREA))
    deadline = forms.DateField(label="时限", widget=DateInput)
    resources = forms.CharField(
        label="资源与配合",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    deliverables = forms.CharField(
        label="交付物", max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    owner = PersonChoiceField(label="承办人", queryset=Person.objects.none())
    leader = PersonChoiceField(
        label="督办领导",
        required=False,
        queryset=Person.objects.none(),
        help_text="不选则为交办的领导本人，或分管责任部门的领导",
    )
    classification = forms.TypedChoiceField(
        label="密级", coerce=int, choices=Classification.choices, initial=Classification.NONE
    )
    report_every_days = forms.IntegerField(
        label="汇报周期（天）", min_value=1, max_value=31, initial=7
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _pick_person(self.fields["owner"], agency_id)
        _pick_person(self.fields["leader"], agency_id, leaders=True)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (as 收文's attachments; the documents module checks each
    one's kind and size when it is stored)."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.ofd,.docx,.xlsx,.png,.jpg,.jpeg"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class DeliverablesForm(forms.Form):
    uploads = MultipleFileField(label="交付物")


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label="意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="验收",
        coerce=lambda v: v == "1",
        choices=[("1", "验收通过"), ("0", "退回补充")],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label="验收意见（退回须写明理由）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StepForm(forms.Form):
    title = forms.CharField(label="步骤", max_length=200)
    owner = PersonChoiceField(label="负责人", queryset=Person.objects.none())
    starts_on = forms.DateField(label="开始日期", widget=DateInput)
    milestone = forms.DateField(label="节点日期", widget=DateInput)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _pick_person(self.fields["owner"], agency_id)


class ReportForm(forms.Form):
    progress = forms.CharField(label="进展", max_length=5000, widget=forms.Textarea(attrs=TEXTAREA))
    problems = forms.CharField(
        label="问题", required=False, max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    next_steps = forms.CharField(
        label="下步计划", required=False, max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    percent = forms.IntegerField(label="完成比例（%）", min_value=0, max_value=100, initial=0)


class FinalReportForm(forms.Form):
    conclusion = forms.CharField(
        label="结论", max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    figures = forms.CharField(label="数据", max_length=5000, widget=forms.Textarea(attrs=TEXTAREA))
    suggestions = forms.CharField(
        label="建议", max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )


class ExtensionForm(forms.Form):
    requested_deadline = forms.DateField(label="申请延至", widget=DateInput)
    reason = forms.CharField(label="延期理由", max_length=300)


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批",
        coerce=lambda v: v == "1",
        choices=[("1", "同意延期"), ("0", "不同意延期")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="审批意见（不同意须写明理由）", max_length=300, required=False)


class ReviewForm(forms.Form):
    difficulties = forms.CharField(
        label="难点", max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    improvements = forms.CharField(
        label="改进", max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    experience = forms.CharField(
        label="经验", required=False, max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    keywords = forms.CharField(label="关键词", required=False, max_length=200)


class LedgerFilterForm(forms.Form):
    q = forms.CharField(label="任务名称", required=False, max_length=50)
    department = forms.ModelChoiceField(
        label="责任部门", required=False, queryset=Department.objects.none()
    )
    leader = PersonChoiceField(label="督办领导", required=False, queryset=Person.objects.none())
    source = forms.ChoiceField(
        label="来源", required=False, choices=[("", "全部"), *SourceKind.choices]
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *Glance.choices]
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id, is_active=True
        )
        _pick_person(self.fields["leader"], agency_id, leaders=True)
