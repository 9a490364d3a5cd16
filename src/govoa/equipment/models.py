"""设备与存储介质: the register of office computers, printers and removable media (U盘,
移动硬盘), each held by one person (专人专用); its 定期检查 records, 数据清除 records and
送修/报废 requests with their approval."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govoa.core.models import TimeStampedModel
from govoa.core.vocabulary import Classification
from govoa.equipment.workflow import (
    DeviceKind,
    DeviceStatus,
    DisposalKind,
    DisposalStatus,
    WipeMethod,
)
from govoa.org.fields import person_field
from govoa.org.models import Agency


class Device(TimeStampedModel):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=DeviceKind.choices)
    asset_number = models.CharField(_("资产编号"), max_length=40)
    model_name = models.CharField(_("品牌型号"), max_length=100)
    serial_number = models.CharField(_("序列号"), max_length=100, blank=True)
    is_classified = models.BooleanField(_("涉密"), default=False)
    classification = models.IntegerField(
        _("可存储的最高密级"), choices=Classification.choices, default=Classification.INTERNAL
    )
    holder = person_field(_("使用人（专人专用）"))
    status = models.CharField(
        _("状态"), max_length=12, choices=DeviceStatus.choices, default=DeviceStatus.IN_USE
    )
    check_due_on = models.DateField(_("下次检查日期"))
    check_reminded_on = models.DateField(_("逾期提醒日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("设备与存储介质")
        verbose_name_plural = _("设备与存储介质")
        indexes = [
            # The register's order (``core.paging.newest_first``), per agency and per holder.
            models.Index(fields=["agency", "-created_at", "-id"]),
            models.Index(fields=["holder", "-created_at", "-id"]),
            models.Index(fields=["agency", "status", "check_due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "asset_number"], name="equipment_asset_number_unique"
            ),
            # 涉密 equipment holds 秘密 or above; 非涉密 equipment never does.
            models.CheckConstraint(
                condition=Q(is_classified=True, classification__gte=Classification.SECRET)
                | Q(is_classified=False, classification__lte=Classification.INTERNAL),
                name="equipment_classification_matches_marking",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.asset_number}"


class DeviceAssignment(models.Model):
    """配发与交接: the device's one user, and each change of it (never a loan)."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("设备")
    )
    from_holder = person_field(_("原使用人"), null=True)
    to_holder = person_field(_("使用人"))
    recorded_by = person_field(_("登记人"))
    assigned_at = models.DateTimeField(_("配发时间"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("设备配发")
        verbose_name_plural = _("设备配发")
        indexes = [models.Index(fields=["device", "-id"])]

    def __str__(self) -> str:
        return f"{self.device} 配发"


class DeviceCheck(models.Model):
    """定期检查: 病毒查杀, 开机口令, 防病毒软件升级 — and who checked, when."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="checks", verbose_name=_("设备")
    )
    checked_by = person_field(_("检查人"))
    checked_on = models.DateField(_("检查日期"))
    virus_scanned = models.BooleanField(_("已查杀病毒"))
    password_set = models.BooleanField(_("已设置口令"))
    antivirus_updated = models.BooleanField(_("防病毒软件已升级"))
    note = models.CharField(_("检查情况"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("设备检查记录")
        verbose_name_plural = _("设备检查记录")
        indexes = [models.Index(fields=["device", "-id"])]

    def __str__(self) -> str:
        return f"{self.device} 检查 {self.checked_on}"

    @property
    def passed(self) -> bool:
        return self.virus_scanned and self.password_set and self.antivirus_updated


class DataWipe(models.Model):
    """数据清除: recorded before a device leaves for repair or is scrapped."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="wipes", verbose_name=_("设备")
    )
    method = models.CharField(_("清除方式"), max_length=12, choices=WipeMethod.choices)
    wiped_by = person_field(_("清除人"))
    witness = person_field(_("监督人"))
    wiped_on = models.DateField(_("清除日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("数据清除记录")
        verbose_name_plural = _("数据清除记录")
        indexes = [models.Index(fields=["device", "-id"])]

    def __str__(self) -> str:
        return f"{self.device} 数据清除 {self.wiped_on}"


class DisposalRequest(TimeStampedModel):
    """送修 or 报废, approved on the flow engine; it names the data wipe it rests on."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="disposals", verbose_name=_("设备")
    )
    kind = models.CharField(_("事项"), max_length=8, choices=DisposalKind.choices)
    reason = models.CharField(_("理由"), max_length=300)
    wipe = models.OneToOneField(
        DataWipe, on_delete=models.PROTECT, related_name="disposal", verbose_name=_("数据清除记录")
    )
    requester = person_field(_("申请人"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=DisposalStatus.choices,
        default=DisposalStatus.REVIEWING,
    )
    approved_by = person_field(_("批准人"), null=True)

    class Meta:
        verbose_name = _("送修报废申请")
        verbose_name_plural = _("送修报废申请")
        indexes = [models.Index(fields=["device", "-id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["device"],
                condition=Q(status="reviewing"),
                name="equipment_one_open_disposal_per_device",
            )
        ]

    def __str__(self) -> str:
        return f"{self.device} {self.get_kind_display()}"
