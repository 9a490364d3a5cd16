"""办会: the annual plan (年度会议计划), rooms, the meeting with its 五要素, the invitees
with their receipts, seats and sign-in, materials, minutes (会议记录 and 纪要), the 议定事项
and the evaluation of large meetings."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govoa.core.vocabulary import Classification
from govoa.documents.models import StoredFile
from govoa.meetings.workflow import (
    Answer,
    EvenRule,
    MeetingStatus,
    MeetingType,
    MinutesStatus,
    PlanStatus,
    Seat,
)
from govoa.org.models import Agency, Department

PERSON = settings.AUTH_USER_MODEL


class MeetingPlan(models.Model):
    """年度会议计划的一项: a department's planned meeting, reviewed by the office, approved
    by the principal leader."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("主办部门")
    )
    name = models.CharField(_("会议名称"), max_length=200)
    content = models.TextField(_("主要内容"))
    window_start = models.DateField(_("计划时间（起）"))
    window_end = models.DateField(_("计划时间（止）"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    attendee_scope = models.CharField(_("参会人员范围"), max_length=300)
    scale = models.PositiveIntegerField(_("预计规模（人）"))
    budget = models.DecimalField(_("经费预算（元）"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(
        _("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("提出时间"), default=timezone.now)

    class Meta:
        verbose_name = _("年度会议计划")
        verbose_name_plural = _("年度会议计划")
        ordering = ["window_start", "pk"]
        indexes = [models.Index(fields=["agency", "year", "department"], name="meeting_plan_year")]

    def __str__(self) -> str:
        return self.name


class MeetingRoom(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("会议室"), max_length=100)
    location = models.CharField(_("位置"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("容纳人数"))
    equipment = models.CharField(_("设备"), max_length=300, blank=True)
    rostrum_seats = models.PositiveSmallIntegerField(_("主席台座位"), default=7)
    hall_row_seats = models.PositiveSmallIntegerField(_("台下每排座位"), default=10)
    active = models.BooleanField(_("可预订"), default=True)

    class Meta:
        verbose_name = _("会议室")
        verbose_name_plural = _("会议室")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="meeting_room_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        MeetingPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("年度计划"),
    )
    ad_hoc_reason = models.TextField(_("临时会议理由"), blank=True)
    title = models.CharField(_("会议名称"), max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("主办部门")
    )
    organiser = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("承办人")
    )
    chair = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("主持领导")
    )
    approver = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("审批领导")
    )
    # 五要素
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    room = models.ForeignKey(
        MeetingRoom,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("会议室"),
    )
    place = models.CharField(_("地点"), max_length=200, blank=True)
    agenda = models.TextField(_("议程"))
    expected_outcome = models.TextField(_("预期成果"))
    requirements = models.TextField(_("参会要求"), blank=True)
    contacts = models.CharField(_("联系人及电话"), max_length=200, blank=True)
    classification = models.IntegerField(
        _("密级"), choices=Classification.choices, default=Classification.NONE
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    even_rule = models.CharField(
        _("主席台双数规则"),
        max_length=12,
        choices=EvenRule.choices,
        default=EvenRule.SECOND_RIGHT,
    )
    materials_due = models.DateField(_("材料提交时限"), null=True, blank=True)
    # 会场: the type picks the venue checklist; an important meeting has a rehearsal.
    meeting_type = models.CharField(
        _("会议类型"), max_length=12, choices=MeetingType.choices, default=MeetingType.OTHER
    )
    important = models.BooleanField(_("重要会议"), default=False)
    sign_in_key = models.CharField(_("签到码版本"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    cancelled_reason = models.CharField(_("取消原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "-starts_at", "-id"], name="meeting_agency_time"),
            models.Index(fields=["room", "starts_at"], name="meeting_room_time"),
            models.Index(fields=["organiser", "-id"], name="meeting_organiser"),
            models.Index(fields=["chair", "starts_at"], name="meeting_chair"),
            models.Index(fields=["department", "starts_at"], name="meeting_department"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def location(self) -> str:
        if self.room_id and self.room is not None:
            return (
                f"{self.room.name}（{self.room.location}）"
                if self.room.location
                else self.room.name
            )
        return self.place


class Invitee(models.Model):
    """参会人员: invited, with the receipt (回执), the seat and the sign-in."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField(_("排序"), default=0)
    seat = models.CharField(_("座区"), max_length=8, choices=Seat.choices, default=Seat.HALL)
    answer = models.CharField(
        _("回执"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    reason = models.CharField(_("请假事由"), max_length=200, blank=True)
    delegate_name = models.CharField(_("代参会人"), max_length=50, blank=True)
    answered_at = models.DateTimeField(_("回执时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("催回执时间"), null=True, blank=True)
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    signed_in_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("参会人员")
        verbose_name_plural = _("参会人员")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meeting_invitee_once")
        ]
        indexes = [models.Index(fields=["person", "meeting"], name="meeting_invitee_person")]

    def __str__(self) -> str:
        return f"{self.meeting} {self.person}"

    @property
    def attends(self) -> bool:
        return self.answer in (Answer.ATTEND, Answer.DELEGATE, Answer.PENDING)

    @property
    def display_name(self) -> str:
        if self.answer == Answer.DELEGATE and self.delegate_name:
            return self.delegate_name
        return self.person.real_name


class Material(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("材料名称"), max_length=200)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    late = models.BooleanField(_("逾期提交"), default=False)

    class Meta:
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Minutes(models.Model):
    """会议记录 and 纪要 (one per meeting)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    record = models.TextField(_("会议记录"), blank=True)
    number = models.CharField(_("期号"), max_length=30, blank=True)
    summary = models.TextField(_("纪要正文"))
    recordings = models.TextField(_("录音录像说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    drafted_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(_("起草时间"), default=timezone.now)
    late = models.BooleanField(_("超过24小时"), default=False)
    distributed_at = models.DateTimeField(_("印发时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会议纪要")
        verbose_name_plural = _("会议纪要")

    def __str__(self) -> str:
        return f"{self.meeting}纪要"


class Resolution(models.Model):
    """议定事项: becomes a 督办 task once the 纪要 is approved."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    content = models.TextField(_("议定事项"))
    owner = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("责任人")
    )
    deadline = models.DateField(_("完成时限"))
    handed_over = models.BooleanField(_("已列入督办"), default=False)

    class Meta:
        verbose_name = _("议定事项")
        verbose_name_plural = _("议定事项")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.content[:50]


class Evaluation(models.Model):
    """会后评估 of a large meeting: one per person."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="evaluations")
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("总体评价（1–5）"))
    comment = models.TextField(_("意见建议"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("会议评估")
        verbose_name_plural = _("会议评估")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meeting_evaluation_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.score}"


# 会场检查、彩排、会中情况 (a module of their own, to keep this one short).
from govoa.meetings.venue_models import (  # noqa: E402, F401
    MeetingIncident,
    Rehearsal,
    VenueCheck,
    VenueChecklist,
)
