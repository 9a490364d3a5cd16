"""The forms of 办会 (server-rendered; the services check everything again)."""

from django import forms

from govoa.core.vocabulary import Classification, Role
from govoa.meetings.models import MeetingPlan, MeetingRoom
from govoa.meetings.workflow import Answer, EvenRule, PlanStatus
from govoa.org.models import Person, PersonStatus
from govoa.org.pickers import use_picker

DT = {"type": "datetime-local"}


def _people(agency_id: int) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Person.objects.filter(agency_id=agency_id, status=PersonStatus.ACTIVE)
    )


class MeetingForm(forms.Form):
    title = forms.CharField(label="会议名称", max_length=200)
    plan = forms.ModelChoiceField(
        label="年度计划", queryset=MeetingPlan.objects.none(), required=False
    )
    ad_hoc_reason = forms.CharField(label="临时会议理由", widget=forms.Textarea, required=False)
    starts_at = forms.DateTimeField(label="开始时间", widget=forms.DateTimeInput(DT))
    ends_at = forms.DateTimeField(label="结束时间", widget=forms.DateTimeInput(DT))
    room = forms.ModelChoiceField(
        label="会议室", queryset=MeetingRoom.objects.none(), required=False
    )
    place = forms.CharField(label="其他地点", max_length=200, required=False)
    chair = forms.ModelChoiceField(label="主持领导", queryset=Person.objects.none())
    approver = forms.ModelChoiceField(label="审批领导", queryset=Person.objects.none())
    invitees = forms.ModelMultipleChoiceField(
        label="参会人员", queryset=Person.objects.none(), required=False
    )
    agenda = forms.CharField(label="议程（每行一项）", widget=forms.Textarea)
    expected_outcome = forms.CharField(label="预期成果", widget=forms.Textarea)
    requirements = forms.CharField(label="参会要求", widget=forms.Textarea, required=False)
    contacts = forms.CharField(label="联系人及电话", max_length=200, required=False)
    classification = forms.TypedChoiceField(
        label="密级", choices=Classification.choices, coerce=int, initial=0
    )

    def __init__(self, *args: object, agency_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        people = Person.objects.filter(agency_id=agency_id, status=PersonStatus.ACTIVE)
        for name in ("chair", "approver", "invitees"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]
        self.fields["room"].queryset = MeetingRoom.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id, active=True
        )
        self.fields["plan"].queryset = MeetingPlan.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id, status=PlanStatus.APPROVED
        )
        # Search as you type: never a list of the whole agency in the page.
        leaders = (Role.LEADER_PRINCIPAL, Role.LEADER_DEPUTY)
        use_picker(self.fields["chair"], agency_id=agency_id)
        use_picker(self.fields["approver"], agency_id=agency_id, roles=leaders)
        use_picker(self.fields["invitees"], agency_id=agency_id)


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="会议名称", max_length=200)
    content = forms.CharField(label="主要内容", widget=forms.Textarea)
    window_start = forms.DateField(label="计划时间（起）", widget=forms.DateInput({"type": "date"}))
    window_end = forms.DateField(label="计划时间（止）", widget=forms.DateInput({"type": "date"}))
    place = forms.CharField(label="地点", max_length=100, required=False)
    attendee_scope = forms.CharField(label="参会人员范围", max_length=300)
    scale = forms.IntegerField(label="预计规模（人）", min_value=1, max_value=100000)
    budget = forms.DecimalField(
        label="经费预算（元）", min_value=0, max_digits=12, decimal_places=2
    )


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批结果", choices=[("1", "同意"), ("0", "不同意")], coerce=lambda v: v == "1"
    )
    opinion = forms.CharField(label="意见", max_length=500, required=False)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="回执", choices=[c for c in Answer.choices if c[0] != "pending"]
    )
    reason = forms.CharField(label="请假事由", max_length=200, required=False)
    delegate_name = forms.CharField(label="代参会人员", max_length=50, required=False)


class MaterialForm(forms.Form):
    title = forms.CharField(label="材料名称", max_length=200, required=False)
    file = forms.FileField(label="文件")


class SeatingForm(forms.Form):
    order = forms.CharField(label="排序（参会人员编号，以逗号分隔）")
    rostrum = forms.CharField(label="主席台人员（编号，以逗号分隔）", required=False)
    even_rule = forms.ChoiceField(label="双数规则", choices=EvenRule.choices)

    @staticmethod
    def ids(raw: str) -> list[int]:
        parts = [p.strip() for p in raw.replace("，", ",").split(",") if p.strip()]
        if len(parts) > 1000 or not all(p.isdigit() and len(p) < 19 for p in parts):
            raise forms.ValidationError("请填写以逗号分隔的编号。")
        return [int(p) for p in parts]

    def clean_order(self) -> list[int]:
        return self.ids(self.cleaned_data["order"])

    def clean_rostrum(self) -> list[int]:
        return self.ids(self.cleaned_data.get("rostrum") or "")


class MinutesForm(forms.Form):
    number = forms.CharField(label="期号", max_length=30, required=False)
    record = forms.CharField(label="会议记录", widget=forms.Textarea, required=False)
    summary = forms.CharField(label="纪要正文", widget=forms.Textarea)
    recordings = forms.CharField(label="录音录像说明", widget=forms.Textarea, required=False)


class ResolutionForm(forms.Form):
    content = forms.CharField(label="议定事项", widget=forms.Textarea, max_length=2000)
    owner = forms.ModelChoiceField(label="责任人", queryset=Person.objects.none())
    deadline = forms.DateField(label="完成时限", widget=forms.DateInput({"type": "date"}))

    def __init__(self, *args: object, agency_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["owner"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id, status=PersonStatus.ACTIVE
        )
        use_picker(self.fields["owner"], agency_id=agency_id)


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=300)


class EvaluationForm(forms.Form):
    score = forms.IntegerField(label="总体评价（1–5）", min_value=1, max_value=5)
    comment = forms.CharField(label="意见建议", widget=forms.Textarea, required=False)


class RoomForm(forms.Form):
    name = forms.CharField(label="会议室名称", max_length=100)
    location = forms.CharField(label="位置", max_length=200, required=False)
    capacity = forms.IntegerField(label="容纳人数", min_value=1, max_value=10000)
    equipment = forms.CharField(
        label="设备（投影、扩音、视频会议终端等）", max_length=300, required=False
    )
    rostrum_seats = forms.IntegerField(label="主席台座位", min_value=0, max_value=50, initial=7)
    hall_row_seats = forms.IntegerField(
        label="台下每排座位", min_value=1, max_value=200, initial=10
    )
    active = forms.BooleanField(label="可预订", required=False, initial=True)
