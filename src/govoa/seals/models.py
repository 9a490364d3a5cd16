"""印章: the registry (custodian, status, impression), custody transfers (交接), usage
requests (用印申请) whose stamped rows are the 用印登记簿, and status changes
(停用/封存/销毁) with their approval."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govoa.core.models import TimeStampedModel
from govoa.documents.models import StoredFile
from govoa.org.fields import person_field
from govoa.org.models import Agency, Department
from govoa.seals.workflow import ChangeKind, ChangeStatus, SealStatus, SealType, UsageStatus


class Seal(TimeStampedModel):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    name = models.CharField(_("印章名称"), max_length=100)
    seal_type = models.CharField(_("类型"), max_length=12, choices=SealType.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属部门"),
        help_text=_("部门章填写"),
    )
    custodian = person_field(_("保管人"))
    status = models.CharField(
        _("状态"), max_length=10, choices=SealStatus.choices, default=SealStatus.ACTIVE
    )
    impression = models.ForeignKey(
        StoredFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("印模"),
    )
    made_on = models.DateField(_("刻制日期"))
    made_approval = models.CharField(_("刻制批准"), max_length=200, help_text=_("批准文号或批准人"))
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("印章")
        verbose_name_plural = _("印章")
        indexes = [models.Index(fields=["agency", "seal_type", "name"])]

    def __str__(self) -> str:
        return self.name


class SealTransfer(models.Model):
    """交接: one custodian hands the seal to the next."""

    seal = models.ForeignKey(
        Seal, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("印章")
    )
    from_custodian = person_field(_("移交人"))
    to_custodian = person_field(_("接收人"))
    recorded_by = person_field(_("登记人"))
    transferred_at = models.DateTimeField(_("交接时间"))
    note = models.CharField(_("交接说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("印章交接")
        verbose_name_plural = _("印章交接")

    def __str__(self) -> str:
        return f"{self.seal} 交接"


class SealUsage(TimeStampedModel):
    """用印申请; once stamped it is a line of the 用印登记簿."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    seal = models.ForeignKey(
        Seal, on_delete=models.PROTECT, related_name="usages", verbose_name=_("印章")
    )
    requester = person_field(_("申请人"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请部门")
    )
    reason = models.CharField(_("用印事由"), max_length=300)
    use_unit = models.CharField(_("用印单位"), max_length=100, help_text=_("文件发往或使用的单位"))
    copies = models.PositiveIntegerField(_("份数"))
    # The document stamped: a 发文 of the system (by id, through documents.sealing, since
    # seals may not import outgoing) or an uploaded file. Never neither.
    document_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    document_id = models.BigIntegerField(_("文件编号"), null=True, blank=True)
    document_title = models.CharField(_("文件标题"), max_length=300)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    file = models.ForeignKey(
        StoredFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("用印文件"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=UsageStatus.choices, default=UsageStatus.REVIEWING
    )
    approved_by = person_field(_("批准人"), null=True)
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    stamped_by = person_field(_("用印人"), null=True)
    stamped_at = models.DateTimeField(_("用印时间"), null=True, blank=True)
    stamped_count = models.PositiveIntegerField(_("实际用印份数"), null=True, blank=True)
    # Written by 发文's 用印 step (its approval is the 签发), not by a 用印申请.
    by_outgoing_step = models.BooleanField(_("发文用印环节"), default=False)

    class Meta:
        verbose_name = _("用印申请")
        verbose_name_plural = _("用印申请")
        indexes = [
            models.Index(fields=["agency", "-id"]),
            models.Index(fields=["agency", "status", "-stamped_at"]),
            models.Index(fields=["seal", "-id"]),
        ]
        constraints = [
            # 发文's 用印 step enters one register line per 发文 and seal, however often the
            # step is redone (its one approval is the 签发). 用印申请 for a 发文 are their own.
            models.UniqueConstraint(
                fields=["seal", "document_type", "document_id"],
                condition=Q(by_outgoing_step=True),
                name="seals_one_outgoing_step_line_per_document",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seal} 用印：{self.reason[:30]}"

    @property
    def has_document(self) -> bool:
        return self.file_id is not None or self.document_id is not None


class SealStatusChange(TimeStampedModel):
    """停用/封存/销毁/恢复启用 of a seal, with its approval."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    seal = models.ForeignKey(
        Seal, on_delete=models.PROTECT, related_name="changes", verbose_name=_("印章")
    )
    kind = models.CharField(_("事项"), max_length=10, choices=ChangeKind.choices)
    reason = models.CharField(_("理由"), max_length=300)
    requester = person_field(_("申请人"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.REVIEWING
    )
    approved_by = person_field(_("批准人"), null=True)

    class Meta:
        verbose_name = _("印章状态变更")
        verbose_name_plural = _("印章状态变更")

    def __str__(self) -> str:
        return f"{self.seal} {self.get_kind_display()}"
