"""Forms of the 印章管理 screens: they parse; the services decide."""

from typing import Any

from django import forms

from govoa.core.forms import DateInput
from govoa.flow.forms import PersonChoiceField
from govoa.org.models import Department, Person
from govoa.org.pickers import use_picker
from govoa.org.selectors import business_people
from govoa.seals.models import Seal
from govoa.seals.workflow import ChangeKind, SealStatus, SealType


class SealForm(forms.Form):
    name = forms.CharField(label="印章名称", max_length=100)
    seal_type = forms.ChoiceField(label="类型", choices=SealType.choices)
    department = forms.ModelChoiceField(
        label="所属部门", queryset=Department.objects.none(), required=False, help_text="部门章填写"
    )
    custodian = PersonChoiceField(label="保管人", queryset=Person.objects.none())
    made_on = forms.DateField(label="刻制日期", widget=DateInput)
    made_approval = forms.CharField(label="刻制批准", max_length=200, help_text="批准文号或批准人")
    impression = forms.FileField(label="印模图片", required=False, help_text="PNG 或 JPEG")
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department = self.fields["department"]
        assert isinstance(department, forms.ModelChoiceField)
        department.queryset = Department.objects.filter(agency_id=agency_id)
        _person_picker(self.fields["custodian"], agency_id)


def _person_picker(field: forms.Field, agency_id: int) -> None:
    """A search-as-you-type picker over the agency's business people (never the 三员)."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = business_people(agency_id=agency_id).select_related("department")
    use_picker(field, agency_id=agency_id)


class UsageForm(forms.Form):
    seal = forms.ModelChoiceField(label="印章", queryset=Seal.objects.none())
    reason = forms.CharField(label="用印事由", max_length=300)
    use_unit = forms.CharField(label="用印单位", max_length=100)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=10_000)
    outgoing_document_id = forms.IntegerField(
        label="发文编号", required=False, min_value=1, help_text="为本系统的发文用印时填写"
    )
    file = forms.FileField(label="用印文件", required=False, help_text="不是本系统发文时上传")

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seal = self.fields["seal"]
        assert isinstance(seal, forms.ModelChoiceField)
        seal.queryset = Seal.objects.filter(agency_id=agency_id, status=SealStatus.ACTIVE)


class StampForm(forms.Form):
    count = forms.IntegerField(label="实际用印份数", min_value=1, max_value=10_000)


class TransferForm(forms.Form):
    to_custodian = PersonChoiceField(label="接收人", queryset=Person.objects.none())
    note = forms.CharField(label="交接说明", max_length=300, required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _person_picker(self.fields["to_custodian"], agency_id)


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label="事项", choices=ChangeKind.choices)
    reason = forms.CharField(label="理由", max_length=300)


class RegisterFilterForm(forms.Form):
    date_from = forms.DateField(label="用印日期自", required=False, widget=DateInput)
    date_to = forms.DateField(label="至", required=False, widget=DateInput)
    seal = forms.ModelChoiceField(label="印章", queryset=Seal.objects.none(), required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seal = self.fields["seal"]
        assert isinstance(seal, forms.ModelChoiceField)
        seal.queryset = Seal.objects.filter(agency_id=agency_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data
