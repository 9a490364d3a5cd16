"""Forms of the 制度与学习 screens: they parse; the services decide."""

from typing import Any

from django import forms

from govoa.core.forms import DateInput
from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Role
from govoa.flow.forms import PersonChoiceField
from govoa.handbook.models import Rule
from govoa.handbook.workflow import AttendanceStatus, RuleCategory
from govoa.org.models import Person
from govoa.org.pickers import use_picker
from govoa.org.selectors import business_people


class RevisionForm(forms.Form):
    version = forms.CharField(label="版本", max_length=30, help_text="如 2026 年版")
    effective_on = forms.DateField(label="生效日期", widget=DateInput)
    body = forms.CharField(
        label="正文", widget=forms.Textarea, help_text="每行一条，按顺序编为第一条、第二条……"
    )
    change_note = forms.CharField(label="修订说明", max_length=300)


class RuleForm(RevisionForm):
    code = forms.RegexField(
        label="制度代码",
        regex=r"^[a-z][a-z0-9-]{1,39}$",
        max_length=40,
        help_text="小写字母开头，流程环节以“代码#条号”引用条款",
        error_messages={"invalid": "制度代码应为小写字母开头的字母、数字、连字符。"},
    )
    title = forms.CharField(label="制度名称", max_length=200)
    category = forms.ChoiceField(label="类别", choices=RuleCategory.choices)
    field_order = ["code", "title", "category", "version", "effective_on", "body", "change_note"]


class RepealForm(forms.Form):
    effective_on = forms.DateField(label="废止日期", widget=DateInput)
    change_note = forms.CharField(label="废止理由", max_length=300)


BUSINESS_ROLES = [(v, label) for v, label in Role.choices if v not in SECURITY_ADMIN_ROLES]


class PostForm(forms.Form):
    name = forms.CharField(label="岗位名称", max_length=50)
    role = forms.ChoiceField(
        label="对应角色", choices=BUSINESS_ROLES, help_text="担任该角色的人即在此岗位"
    )


class DutiesForm(forms.Form):
    duties = forms.CharField(label="岗位职责", widget=forms.Textarea, help_text="每行一项")
    effective_on = forms.DateField(label="生效日期", widget=DateInput)


class StudyForm(forms.Form):
    studied_on = forms.DateField(label="学习日期", widget=DateInput)
    title = forms.CharField(label="学习文件", max_length=200)
    rule = forms.ModelChoiceField(
        label="制度文件库中的制度", queryset=Rule.objects.none(), required=False
    )
    note = forms.CharField(label="学习体会", max_length=300, required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule = self.fields["rule"]
        assert isinstance(rule, forms.ModelChoiceField)
        rule.queryset = Rule.objects.filter(agency_id=agency_id).order_by("title")


class TrainingForm(forms.Form):
    title = forms.CharField(label="培训名称", max_length=200)
    topic = forms.CharField(label="主题", max_length=50, help_text="如 公文写作、会议组织")
    held_on = forms.DateField(label="培训日期", widget=DateInput)
    place = forms.CharField(label="地点", max_length=100, required=False)


class AttendanceForm(forms.Form):
    person = PersonChoiceField(label="人员", queryset=Person.objects.none())
    status = forms.ChoiceField(label="出席情况", choices=AttendanceStatus.choices)
    note = forms.CharField(label="培训小结", max_length=200, required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = business_people(agency_id=agency_id).select_related("department")
        use_picker(field, agency_id=agency_id)
