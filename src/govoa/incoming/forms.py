from typing import Any

from django import forms
from django.utils import timezone

from govoa.core.forms import (
    DATETIME_INPUT_FORMATS,
    DateInput,
    DateTimeTextInput,
    ModelMultipleChoiceField,
)
from govoa.core.handoffs import has_instruction_receivers
from govoa.core.vocabulary import Classification, Role
from govoa.documents.vocabulary import DocType, ReceiveChannel, Urgency
from govoa.flow.forms import PeopleChoiceField, PersonChoiceField, SubjectActForm
from govoa.incoming.services.acts import SCREENING_CHECKS
from govoa.incoming.workflow import ProposalKind, ReplyMethod, Status
from govoa.org.models import Department, Person
from govoa.org.pickers import use_picker
from govoa.org.selectors import people_cleared


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.ofd,.docx,.png,.jpg,.jpeg,.tif,.tiff"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class RegistrationForm(forms.Form):
    """签收登记: in the order a registrar reads a document, Enter submits, nothing needs the
    mouse (autofocus on the first field; suggestions for the 来文单位)."""

    source_org = forms.CharField(
        label="来文单位",
        max_length=100,
        widget=forms.TextInput(
            attrs={"autofocus": True, "list": "known-sources", "autocomplete": "off"}
        ),
    )
    source_number = forms.CharField(
        label="来文文号",
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如 某发〔2026〕5号"}),
    )
    title = forms.CharField(
        label="标题", max_length=300, widget=forms.TextInput(attrs={"class": "wide"})
    )
    doc_type = forms.ChoiceField(label="文种", choices=DocType.choices, initial=DocType.NOTICE)
    classification = forms.TypedChoiceField(
        label="密级", choices=Classification.choices, coerce=int, initial=Classification.NONE
    )
    secrecy_period = forms.CharField(
        label="保密期限",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "涉密文件必填，如 1年"}),
    )
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=999, initial=1)
    pages = forms.IntegerField(label="页数", min_value=1, max_value=9999, initial=1)
    written_on = forms.DateField(label="成文日期", required=False, widget=DateInput)
    received_at = forms.DateTimeField(
        label="收文时间",
        widget=DateTimeTextInput(),
        input_formats=DATETIME_INPUT_FORMATS,
        help_text="年-月-日 时:分",
    )
    channel = forms.ChoiceField(
        label="来文方式", choices=ReceiveChannel.choices, initial=ReceiveChannel.PAPER
    )
    due_date = forms.DateField(
        label="限办日期", required=False, widget=DateInput, help_text="来文要求的办理期限（如有）"
    )
    remarks = forms.CharField(label="备注", max_length=300, required=False)
    reply_required = forms.BooleanField(
        label="需答复", required=False, help_text="请示、函总是需答复；其他文种需要答复时勾选"
    )
    attachments = MultipleFileField(
        label="附件", required=False, help_text="可多选；PDF、OFD、Word（.docx）、图片"
    )
    confirm_duplicate = forms.BooleanField(
        label="确认再次登记同一来文", required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "received_at", timezone.localtime().replace(second=0, microsecond=0)
            )


# The fields each node's form shows, besides 办理, the opinion, 退回到 and 转办给.
NODE_FIELDS = {
    "screen": ["checks"],
    "propose": ["proposal_kind", "proposed_lead", "leader", "readers"],
    "instruct": [
        "lead_department",
        "co_departments",
        "readers",
        "deadline",
        "supervise",
        "reply_required",
    ],
    "assign": ["handler"],
    "handle": ["companion_reason"],
    "complete": ["reply_method", "reply"],
}
OPINION_LABELS = {
    "screen": "初审意见（退文时写明理由）",
    "propose": "拟办意见",
    "instruct": "批示",
    "circulate": "阅读意见（可不填）",
    "assign": "分办意见",
    "handle": "办理结果",
    "co_handle": "协办意见",
    "complete": "办结意见",
}


class IncomingActForm(SubjectActForm):
    node_fields = NODE_FIELDS
    opinion_labels = OPINION_LABELS
    fields_for_every_action = frozenset({"checks"})  # a 退文 also records what failed

    checks = forms.MultipleChoiceField(
        label="初审要点（条例第二十四条）",
        required=False,
        choices=list(SCREENING_CHECKS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    proposal_kind = forms.ChoiceField(
        label="拟办方式", choices=ProposalKind.choices, required=False, widget=forms.RadioSelect
    )
    proposed_lead = forms.ModelChoiceField(
        label="建议主办部门", required=False, queryset=Department.objects.none()
    )
    leader = PersonChoiceField(label="呈批领导", required=False, queryset=Person.objects.none())
    lead_department = forms.ModelChoiceField(
        label="主办部门", required=False, queryset=Department.objects.none()
    )
    co_departments = ModelMultipleChoiceField(
        label="协办部门",
        required=False,
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    readers = PeopleChoiceField(label="传阅人员", required=False, queryset=Person.objects.none())
    deadline = forms.DateField(
        label="办理时限",
        required=False,
        widget=DateInput,
        help_text="不填则按紧急程度：急件 2 个工作日，普通件 5 个工作日",
    )
    supervise = forms.BooleanField(
        label="列入督办",
        required=False,
        help_text="由主办部门负责人确认承接，按办理时限督办、定期汇报进展",
    )
    handler = PersonChoiceField(label="承办人", required=False, queryset=Person.objects.none())
    companion_reason = forms.CharField(
        label="未等协办意见的理由",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="协办部门尚未答复时，须写明不再等待的理由才能办理完毕（记入办理过程）",
    )
    reply_required = forms.BooleanField(
        label="需答复", required=False, help_text="办结时须有复文或写明其他答复方式"
    )
    reply_method = forms.ChoiceField(
        label="答复方式",
        required=False,
        choices=[("", "—"), *ReplyMethod.choices],
        help_text="需答复的来文：发文（复文已发出）、电话、当面，或无需答复",
    )
    reply = forms.CharField(
        label="答复内容或理由",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="电话、当面答复写明答复内容；无需答复写明理由",
    )

    def __init__(self, *args: Any, document: Any, **kwargs: Any):
        departments = Department.objects.filter(agency_id=document.agency_id, is_active=True)
        people = people_cleared(agency_id=document.agency_id, clearance=document.classification)
        querysets = {
            "proposed_lead": departments,
            "lead_department": departments,
            "co_departments": departments,
            "readers": people,
            "to_person": people,
            "leader": people.filter(
                role_assignments__role__in=[Role.LEADER_DEPUTY, Role.LEADER_PRINCIPAL]
            ).distinct(),
            "handler": people.filter(department_id=document.lead_department_id),
        }
        super().__init__(*args, querysets=querysets, **kwargs)
        if self.node_key == "instruct":
            self.initial.setdefault("lead_department", document.proposed_lead_id)
            self.initial.setdefault("reply_required", document.reply_required)
        if "supervise" in self.fields and not has_instruction_receivers():
            del self.fields["supervise"]
        if "companion_reason" in self.fields and not document.co_departments.all():
            del self.fields["companion_reason"]
        if "readers" in self.fields:
            use_picker(
                self.fields["readers"],
                agency_id=document.agency_id,
                clearance=document.classification,
            )

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        payload = super().payload() | {
            "checks": dict.fromkeys(data.get("checks") or [], True),
            "proposal_kind": data.get("proposal_kind", ""),
            "proposed_lead": self.picked("proposed_lead"),
            "lead_department": self.picked("lead_department"),
            "co_departments": [d.pk for d in data.get("co_departments") or []],
            "readers": [p.pk for p in data.get("readers") or []],
            "deadline": data.get("deadline"),
            "reply": data.get("reply", ""),
            "reply_method": data.get("reply_method", ""),
            "reply_required": bool(data.get("reply_required")),
            "companion_reason": data.get("companion_reason", ""),
            "supervise": bool(data.get("supervise")),
        }
        if data.get("leader"):
            payload["next_assignees"] = [data["leader"].pk]
        if data.get("handler"):
            payload["next_assignees"] = [data["handler"].pk]
        return payload


class AttachmentsForm(forms.Form):
    attachments = MultipleFileField(label="补充附件")


class CoMaterialsForm(forms.Form):
    materials = MultipleFileField(label="协办材料", help_text="提供给主办部门的材料，随文件保存")


class SupervisorForm(forms.Form):
    supervisor = PersonChoiceField(label="催办人", required=False, queryset=Person.objects.none())

    def __init__(self, *args: Any, document: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = people_cleared(  # type: ignore[attr-defined]
            agency_id=document.agency_id, clearance=document.classification
        )
        use_picker(
            self.fields["supervisor"],
            agency_id=document.agency_id,
            clearance=document.classification,
        )


class ExtensionRequestForm(forms.Form):
    requested_deadline = forms.DateField(label="申请延至", widget=DateInput)
    reason = forms.CharField(label="延期理由", max_length=300)


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批",
        coerce=lambda v: v == "1",
        choices=[("1", "同意延期"), ("0", "不同意延期")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="审批意见", max_length=300, required=False)


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label="标题或编号",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"data-search": True}),
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *Status.choices]
    )
    source = forms.CharField(label="来文单位", required=False, max_length=50)
    department = forms.ModelChoiceField(
        label="主办/协办部门",
        required=False,
        queryset=Department.objects.none(),
        empty_label="全部",
    )
    classification = forms.TypedChoiceField(
        label="密级",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "全部"), *Classification.choices],
    )
    overdue = forms.BooleanField(label="只看超期", required=False)
    received_from = forms.DateField(label="收文日期自", required=False, widget=DateInput)
    received_to = forms.DateField(label="至", required=False, widget=DateInput)

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id, is_active=True
        )
