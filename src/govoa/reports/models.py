"""督查通报 issued (archived with its PDF), 意见反馈 and the 流程优化清单, and the yearly
record of revisions to the office handbook."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from govoa.documents.models import StoredFile
from govoa.org.models import Agency

PERSON = settings.AUTH_USER_MODEL


class BulletinKind(models.TextChoices):
    MONTHLY = "monthly", _("月度")
    QUARTERLY = "quarterly", _("季度")


class SupervisionBulletin(models.Model):
    """督查通报 of a month or quarter: figures by department, overdue items by name, the
    trend of the last periods; sent to the leaders, its PDF kept."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=BulletinKind.choices)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    label = models.CharField(_("期别"), max_length=40)
    file = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, related_name="+", verbose_name=_("通报文件")
    )
    figures = models.JSONField(_("主要数据"), default=dict)
    issued_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("印发人"),
    )
    issued_at = models.DateTimeField(_("印发时间"))

    class Meta:
        verbose_name = _("督查通报")
        verbose_name_plural = _("督查通报")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "period_start"], name="reports_one_bulletin"
            )
        ]
        indexes = [models.Index(fields=["agency", "-period_start", "-id"], name="reports_recent")]

    def __str__(self) -> str:
        return f"督查通报（{self.label}）"


class FeedbackKind(models.TextChoices):
    PROBLEM = "problem", _("问题")
    SUGGESTION = "suggestion", _("建议")


class FeedbackStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待研判")
    ACCEPTED = "accepted", _("已采纳，列入流程优化清单")
    DECLINED = "declined", _("不予采纳")


class Feedback(models.Model):
    """意见反馈 on a procedure; the office triages it, and an accepted one becomes an entry
    of the 流程优化清单 — a 督办 task with owner and deadline."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    kind = models.CharField(_("类型"), max_length=12, choices=FeedbackKind.choices)
    procedure = models.CharField(_("涉及的流程或事项"), max_length=100)
    content = models.TextField(_("问题或建议"))
    submitted_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("提出人")
    )
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=FeedbackStatus.choices, default=FeedbackStatus.SUBMITTED
    )
    triaged_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("研判人"),
    )
    triage_note = models.CharField(_("研判意见"), max_length=300, blank=True)
    triaged_at = models.DateTimeField(_("研判时间"), null=True, blank=True)
    task_id = models.BigIntegerField(_("督办事项"), null=True, blank=True)

    class Meta:
        verbose_name = _("意见反馈")
        verbose_name_plural = _("意见反馈")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["agency", "status", "-id"], name="reports_feedback_status"),
            models.Index(fields=["submitted_by", "-id"], name="reports_feedback_mine"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure}：{self.content[:30]}"


class HandbookRevision(models.Model):
    """One revision of the office handbook (办公室工作手册), recorded by year."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    revised_on = models.DateField(_("修订日期"))
    section = models.CharField(_("修订章节"), max_length=100)
    summary = models.TextField(_("修订内容"))
    feedback = models.ForeignKey(
        Feedback,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("来源反馈"),
    )
    recorded_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("记录人")
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("手册修订记录")
        verbose_name_plural = _("手册修订记录")
        ordering = ["-revised_on", "-id"]
        indexes = [models.Index(fields=["agency", "year"], name="reports_revision_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.section}"
