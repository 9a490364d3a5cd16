from typing import Any

from django import forms

from govoa.core.forms import DateInput, ModelMultipleChoiceField
from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Classification, Role
from govoa.org.models import Agency, Department, Person, PersonStatus, RoleScopeKind
from govoa.org.pickers import use_picker
from govoa.org.selectors import business_people

# Roles a screen may grant: the 三员 roles are set from the command line only.
BUSINESS_ROLE_CHOICES = [(v, label) for v, label in Role.choices if v not in SECURITY_ADMIN_ROLES]


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "doc_code", "fonds_code", "file_name_pattern"]


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "code", "parent", "order", "is_active"]

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any):
        super().__init__(*args, **kwargs)
        parents = Department.objects.filter(agency=agency, is_active=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["parent"].empty_label = "（无，顶级部门）"  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        return str(self.cleaned_data.get("code", "")).strip().upper()

    def validate_unique(self) -> None:
        """The service checks uniqueness within the agency."""

    def _post_clean(self) -> None:
        """Model validation runs in the service (one place for the rules)."""


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["username", "real_name", "department", "title", "rank_order", "phone", "email"]

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            agency=agency, is_active=True
        )
        self.fields["department"].required = True
        if self.instance.pk:
            del self.fields["username"]
        else:
            self.fields["username"].widget.attrs["autofocus"] = True

    def validate_unique(self) -> None:
        """Left to the service, which reports it in Chinese."""

    def _post_clean(self) -> None:
        """Model validation runs in the service (one place for the rules)."""


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=PersonStatus.choices)


class ClearanceForm(forms.Form):
    clearance = forms.TypedChoiceField(label="涉密等级", choices=Classification.choices, coerce=int)


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=BUSINESS_ROLE_CHOICES)
    scope = forms.ChoiceField(
        label="范围", choices=RoleScopeKind.choices, initial=RoleScopeKind.AGENCY
    )
    departments = ModelMultipleChoiceField(
        label="部门",
        queryset=Department.objects.none(),
        required=False,
        help_text="范围为“指定部门”时选择。",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            agency=agency, is_active=True
        )


class DelegationForm(forms.Form):
    principal = forms.ModelChoiceField(label="被代理人", queryset=Person.objects.none())
    delegate = forms.ModelChoiceField(label="代理人", queryset=Person.objects.none())
    starts_on = forms.DateField(label="开始日期", widget=DateInput)
    ends_on = forms.DateField(label="结束日期", widget=DateInput)
    reason = forms.CharField(
        label="事由",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "如：出差、休假"}),
    )

    def __init__(self, *args: Any, person: Person, may_choose_principal: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The 三员 are never principal or delegate (三员分立).
        colleagues = business_people(agency_id=person.agency_id).select_related("department")
        self.fields["delegate"].queryset = colleagues.exclude(pk=person.pk)  # type: ignore[attr-defined]
        if may_choose_principal:
            self.fields["principal"].queryset = colleagues  # type: ignore[attr-defined]
            self.fields["delegate"].queryset = colleagues  # type: ignore[attr-defined]
        else:
            del self.fields["principal"]
            # One's own 代理人 is searched among the colleagues, not listed (the sys_admin,
            # a 三员, keeps the list: the search serves business people only).
            use_picker(self.fields["delegate"], agency_id=person.agency_id, exclude_id=person.pk)


class WorkdayOverrideForm(forms.Form):
    day = forms.DateField(label="日期", widget=DateInput)
    is_workday = forms.TypedChoiceField(
        label="安排", choices=[("0", "休息"), ("1", "上班")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="说明", max_length=100, required=False)


class WorkdayBulkForm(forms.Form):
    lines = forms.CharField(
        label="批量录入",
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": "2027-01-01 休息 元旦\n2027-02-06 上班 春节调休"}
        ),
        help_text="每行一个日期：日期、“休息”或“上班”、说明。全部正确才会保存。",
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )
