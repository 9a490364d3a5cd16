"""Forms of the equipment screens: they parse; the services decide."""

from typing import Any

from django import forms

from govoa.core.forms import DateInput
from govoa.core.vocabulary import Classification
from govoa.equipment.workflow import DeviceKind, DisposalKind, WipeMethod
from govoa.flow.forms import PersonChoiceField
from govoa.org.models import Person
from govoa.org.pickers import use_picker
from govoa.org.selectors import business_people


def _person_picker(field: forms.Field, agency_id: int) -> None:
    """A search-as-you-type picker over the agency's business people (never the 三员)."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = business_people(agency_id=agency_id).select_related("department")
    use_picker(field, agency_id=agency_id)


class DeviceForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=DeviceKind.choices)
    asset_number = forms.CharField(label="资产编号", max_length=40)
    model_name = forms.CharField(label="品牌型号", max_length=100)
    serial_number = forms.CharField(label="序列号", max_length=100, required=False)
    is_classified = forms.BooleanField(label="涉密", required=False)
    classification = forms.TypedChoiceField(
        label="可存储的最高密级", choices=Classification.choices, coerce=int
    )
    holder = PersonChoiceField(label="使用人（专人专用）", queryset=Person.objects.none())
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _person_picker(self.fields["holder"], agency_id)


class AssignForm(forms.Form):
    holder = PersonChoiceField(label="新使用人", queryset=Person.objects.none())
    note = forms.CharField(label="交接说明", max_length=300, required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _person_picker(self.fields["holder"], agency_id)


class CheckForm(forms.Form):
    checked_on = forms.DateField(label="检查日期", widget=DateInput)
    virus_scanned = forms.BooleanField(label="已查杀病毒", required=False)
    password_set = forms.BooleanField(label="已设置口令", required=False)
    antivirus_updated = forms.BooleanField(label="防病毒软件已升级", required=False)
    note = forms.CharField(label="检查情况", max_length=300, required=False)


class WipeForm(forms.Form):
    method = forms.ChoiceField(label="清除方式", choices=WipeMethod.choices)
    wiped_on = forms.DateField(label="清除日期", widget=DateInput)
    witness = PersonChoiceField(label="监督人", queryset=Person.objects.none())
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _person_picker(self.fields["witness"], agency_id)


class DisposalForm(forms.Form):
    kind = forms.ChoiceField(label="事项", choices=DisposalKind.choices)
    reason = forms.CharField(label="理由", max_length=300)
