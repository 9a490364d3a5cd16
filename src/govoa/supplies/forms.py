"""Forms of the 办公用品 screens: they parse; the services decide."""

from typing import Any

from django import forms

from govoa.core.forms import DateInput
from govoa.flow.forms import PersonChoiceField
from govoa.org.models import Department, Person
from govoa.org.pickers import use_picker
from govoa.org.selectors import business_people
from govoa.supplies.models import Requisition
from govoa.supplies.workflow import PeriodKind


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")


class IssueForm(forms.Form):
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=100_000)
    department = forms.ModelChoiceField(label="领用部门", queryset=Department.objects.none())
    receiver = PersonChoiceField(label="领用人", queryset=Person.objects.none())
    requisition_line_id = forms.IntegerField(
        label="申领明细编号", required=False, min_value=1, help_text="凭已批准的申领计划领用时填写"
    )
    note = forms.CharField(label="用途/备注", max_length=200, required=False)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department = self.fields["department"]
        assert isinstance(department, forms.ModelChoiceField)
        department.queryset = Department.objects.filter(agency_id=agency_id)
        receiver = self.fields["receiver"]
        assert isinstance(receiver, forms.ModelChoiceField)
        receiver.queryset = business_people(agency_id=agency_id).select_related("department")
        use_picker(receiver, agency_id=agency_id)


class StockInForm(forms.Form):
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=100_000)
    note = forms.CharField(label="入库来源", max_length=200)


class RequisitionForm(forms.Form):
    period_kind = forms.ChoiceField(label="计划类型", choices=PeriodKind.choices)
    period = forms.CharField(label="计划期间", max_length=7, help_text="如 2026-12 或 2026-Q4")
    lines = forms.CharField(
        label="申领物品",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一种：物品编码 数量，如“BG-001 5”",
    )
    note = forms.CharField(label="说明", max_length=300, required=False)


class ReportForm(forms.Form):
    date_from = forms.DateField(label="起始日期", widget=DateInput)
    date_to = forms.DateField(label="截止日期", widget=DateInput)


class StocktakeForm(forms.Form):
    title = forms.CharField(label="盘点名称", max_length=100)


class RequisitionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.department.name} {obj.period} 申领计划"


class PurchaseForm(forms.Form):
    supplier = forms.CharField(label="供应商", max_length=100)
    ordered_on = forms.DateField(label="采购日期", widget=DateInput)
    lines = forms.CharField(
        label="采购物品",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一种：物品编码 数量 单价，如“BG-001 20 23.50”",
    )
    requisitions = RequisitionChoiceField(
        label="汇总的申领计划",
        queryset=Requisition.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args: Any, requisitions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requisitions"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = requisitions
