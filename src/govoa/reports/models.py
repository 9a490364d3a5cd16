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
