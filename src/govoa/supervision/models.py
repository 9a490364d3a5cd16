"""督办: a supervised task from any source (领导批示, 会议议定事项, 直接交办), with its 五要素,
steps (步骤清单), progress reports, extensions and the 复盘 review; and personal planning
(important/urgent flags, the calendar feed's secret)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govoa.core.vocabulary import Classification
from govoa.documents.models import StoredFile
from govoa.org.models import Agency, Department
from govoa.supervision.workflow import (
    ExtensionDecision,
    Glance,
    ReportKind,
    SourceKind,
    TaskStatus,
    glance,
)

PERSON = settings.AUTH_USER_MODEL


class SupervisionTask(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    title = models.CharField(_("任务名称"), max_length=200)
    # 来源: a generic reference, as the flow engine refers to its subjects, so that 收文 and
    # 会议 link here without either module importing the other.
    source_kind = models.CharField(
        _("来源"), max_length=12, choices=SourceKind.choices, default=SourceKind.ASSIGNMENT
    )
    source_type = models.CharField(_("来源对象类型"), max_length=100, blank=True)
    source_id = models.BigIntegerField(_("来源对象编号"), null=True, blank=True)
    source_label = models.CharField(_("来源说明"), max_length=300, blank=True)
    source_url = models.CharField(_("来源链接"), max_length=300, blank=True)
    # 五要素
    background = models.TextField(_("背景"), blank=True)
    goal = models.TextField(_("目标"))
    deadline = models.DateField(_("时限"))
    resources = models.TextField(_("资源与配合"), blank=True)
    deliverables = models.TextField(_("交付物"))
    # 人
    assigner = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("交办人")
    )
    owner = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("承办人")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("责任部门")
    )
    leader = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("督办领导"),
    )
    classification = models.IntegerField(
        _("密级"), choices=Classification.choices, default=Classification.NONE
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.CONFIRMING
    )
    original_deadline = models.DateField(_("原定时限"))
    report_every_days = models.PositiveSmallIntegerField(_("汇报周期（天）"), default=7)
    last_report_at = models.DateTimeField(_("最近汇报"), null=True, blank=True)
    report_reminded_at = models.DateTimeField(_("汇报提醒时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("立项人")
    )
    created_at = models.DateTimeField(_("立项时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始办理"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["-pk"]
        constraints = [
            # One task per source object (a 批办, a 议定事项): firing twice creates one.
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=Q(source_id__isnull=False),
                name="supervision_one_task_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "-id"], name="supervision_ledger"),
            models.Index(fields=["agency", "department", "-id"], name="supervision_department"),
            models.Index(fields=["agency", "status", "deadline"], name="supervision_deadline"),
            models.Index(fields=["owner", "status"], name="supervision_owner"),
            models.Index(fields=["assigner", "status"], name="supervision_assigner"),
            models.Index(fields=["leader", "status"], name="supervision_leader"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def extended(self) -> bool:
        return self.deadline != self.original_deadline

    def glance(self, today: datetime.date | None = None) -> Glance:
        return glance(self.status, self.deadline, self.extended, today or timezone.localdate())


class TaskStep(models.Model):
    """步骤清单: one step with its owner and milestone date."""

    task = models.ForeignKey(
        SupervisionTask, on_delete=models.CASCADE, related_name="steps", verbose_name=_("督办事项")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    title = models.CharField(_("步骤"), max_length=200)
    owner = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("负责人")
    )
    starts_on = models.DateField(_("开始日期"))
    milestone = models.DateField(_("节点日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("任务步骤")
        verbose_name_plural = _("任务步骤")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["owner", "milestone"], name="supervision_step_owner")]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """进展汇报 (进展/问题/下步计划) or the 办结报告 (结论 + 数据 + 建议)."""

    task = models.ForeignKey(
        SupervisionTask,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("督办事项"),
    )
    kind = models.CharField(
        _("类型"), max_length=10, choices=ReportKind.choices, default=ReportKind.PERIODIC
    )
    author = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("汇报人")
    )
    progress = models.TextField(_("进展"), blank=True)
    problems = models.TextField(_("问题"), blank=True)
    next_steps = models.TextField(_("下步计划"), blank=True)
    percent = models.PositiveSmallIntegerField(_("完成比例"), default=0)
    conclusion = models.TextField(_("结论"), blank=True)
    data = models.TextField(_("数据"), blank=True)
    suggestions = models.TextField(_("建议"), blank=True)
    created_at = models.DateTimeField(_("汇报时间"), default=timezone.now)

    class Meta:
        verbose_name = _("进展汇报")
        verbose_name_plural = _("进展汇报")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["task", "-created_at"], name="supervision_report_task")]

    def __str__(self) -> str:
        return f"{self.task} {self.get_kind_display()}"


class TaskAttachment(models.Model):
    """交付物: files attached to the 办结报告."""

    task = models.ForeignKey(
        SupervisionTask,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("督办事项"),
    )
    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("汇报"),
    )
    file = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, related_name="+", verbose_name=_("文件")
    )
    added_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("提供人")
    )

    class Meta:
        verbose_name = _("交付物")
        verbose_name_plural = _("交付物")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.file.name


class TaskExtension(models.Model):
    """延期申请: the owner asks, the assigner decides (through the extension flow)."""

    task = models.ForeignKey(
        SupervisionTask,
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name=_("督办事项"),
    )
    requested_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人")
    )
    current_deadline = models.DateField(_("原时限"))
    requested_deadline = models.DateField(_("申请延至"))
    reason = models.CharField(_("理由"), max_length=300)
    decision = models.CharField(
        _("审批结果"),
        max_length=10,
        choices=ExtensionDecision.choices,
        default=ExtensionDecision.PENDING,
    )
    decided_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(decision=ExtensionDecision.PENDING),
                name="supervision_one_pending_extension",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} 延至 {self.requested_deadline}"


class TaskReview(models.Model):
    """复盘: what was hard and what to do better; together the 办事经验 library."""

    task = models.OneToOneField(
        SupervisionTask, on_delete=models.CASCADE, related_name="review", verbose_name=_("督办事项")
    )
    author = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("复盘人")
    )
    difficulties = models.TextField(_("难点"))
    improvements = models.TextField(_("改进"))
    experience = models.TextField(_("经验"), blank=True)
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("复盘时间"), default=timezone.now)

    class Meta:
        verbose_name = _("复盘")
        verbose_name_plural = _("复盘")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"复盘：{self.task}"


class PlanningFlag(models.Model):
    """A person's own 重要/紧急 marks on a work item or a task (四象限)."""

    class Target(models.TextChoices):
        WORK_ITEM = "work_item", _("待办")
        TASK = "task", _("督办事项")

    person = models.ForeignKey(
        PERSON, on_delete=models.CASCADE, related_name="+", verbose_name=_("本人")
    )
    target = models.CharField(_("对象类型"), max_length=10, choices=Target.choices)
    target_id = models.BigIntegerField(_("对象编号"))
    important = models.BooleanField(_("重要"), default=False)
    urgent = models.BooleanField(_("紧急"), default=False)

    class Meta:
        verbose_name = _("重要紧急标记")
        verbose_name_plural = _("重要紧急标记")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "target", "target_id"], name="supervision_one_flag"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.target}:{self.target_id}"


class CalendarFeed(models.Model):
    """The secret of a person's ICS feed (日程): only its SHA-256 is kept; rotating it
    replaces the row, so an old link stops working at once."""

    person = models.OneToOneField(
        PERSON, on_delete=models.CASCADE, related_name="+", verbose_name=_("本人")
    )
    token_sha256 = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    class Meta:
        verbose_name = _("日程订阅")
        verbose_name_plural = _("日程订阅")

    def __str__(self) -> str:
        return f"{self.person} 日程订阅"


class BulletinDispatch(models.Model):
    """督办通报 sent to the leaders for a department's week (once a week, by the scheduler
    or by hand)."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="+", verbose_name=_("部门")
    )
    week = models.DateField(_("周（周一）"))
    sent_at = models.DateTimeField(_("印发时间"), default=timezone.now)

    class Meta:
        verbose_name = _("督办通报印发")
        verbose_name_plural = _("督办通报印发")
        constraints = [
            models.UniqueConstraint(fields=["department", "week"], name="supervision_one_bulletin")
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.week}"
