"""Outbound webhooks (对外推送): endpoints an agency's system administrator configures, and
one delivery row per event and endpoint, retried with back-off until it is accepted."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    DOCUMENT_REGISTERED = "document.registered", _("收文登记")
    DOCUMENT_SIGNED = "document.signed", _("发文签发")
    DOCUMENT_DISTRIBUTED = "document.distributed", _("发文分发")
    ITEM_OVERDUE = "item.overdue", _("待办超期")
    PING = "ping", _("测试推送")


class WebhookEndpoint(models.Model):
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("机关")
    )
    name = models.CharField(_("名称"), max_length=100)
    url = models.URLField(_("推送地址"), max_length=500)
    secret = models.CharField(_("签名密钥"), max_length=64)
    events = models.JSONField(_("推送事件"), default=list)
    is_active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("推送地址")
        verbose_name_plural = _("推送地址")
        ordering = ["pk"]
        indexes = [models.Index(fields=["agency", "is_active"], name="webhook_agency_active")]

    def __str__(self) -> str:
        return self.name

    @property
    def secret_hint(self) -> str:
        return f"…{self.secret[-4:]}" if self.secret else ""

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels.get(e, e)) for e in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已送达")
    FAILED = "failed", _("失败待重试")
    ABANDONED = "abandoned", _("已放弃")


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("推送地址"),
    )
    event_id = models.UUIDField(_("事件编号"), default=uuid.uuid4, editable=False)
    event = models.CharField(_("事件"), max_length=32, choices=WebhookEvent.choices)
    payload = models.JSONField(_("内容"))
    status = models.CharField(
        _("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("最近响应码"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    claimed_at = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("推送记录")
        verbose_name_plural = _("推送记录")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["endpoint", "-id"], name="webhook_delivery_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id}（{self.get_status_display()}）"


class ExchangeKey(models.Model):
    """The agency's SM2 key pair for exchange with other deployments: packages and receipts
    it sends are signed with it; its public key is given to the peers."""

    agency = models.OneToOneField(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("机关")
    )
    private_key = models.CharField(_("私钥"), max_length=64)
    public_key = models.CharField(_("公钥"), max_length=128)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("交换密钥")
        verbose_name_plural = _("交换密钥")

    def __str__(self) -> str:
        return f"{self.public_key[:16]}…"


class ExchangePeer(models.Model):
    """An agency on another deployment whose packages this agency accepts, known by its SM2
    public key. Its documents arrive from ``sender`` — an inactive agency row standing for it,
    so that the platform's 公文交换 (签收, receipt) handles them as it handles any other."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("本机关")
    )
    name = models.CharField(_("对方机关名称"), max_length=100)
    public_key = models.CharField(_("对方公钥"), max_length=128)
    sender = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("来文机关")
    )
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("交换对方")
        verbose_name_plural = _("交换对方")
        constraints = [
            models.UniqueConstraint(fields=["agency", "public_key"], name="exchange_peer_key_once"),
            models.UniqueConstraint(fields=["agency", "name"], name="exchange_peer_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class PackageDirection(models.TextChoices):
    OUT = "out", _("发出")
    IN = "in", _("收到")


class PackageStatus(models.TextChoices):
    SENT = "sent", _("已发出")
    RECEIPTED = "receipted", _("对方已签收")
    ARRIVED = "arrived", _("待签收")
    SIGNED = "signed", _("已签收，回执待取")


class ExchangePackage(models.Model):
    """One exchange package, exported or imported, and its signed receipt."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("本机关")
    )
    direction = models.CharField(_("方向"), max_length=3, choices=PackageDirection.choices)
    package_id = models.UUIDField(_("交换包编号"))
    counterpart = models.CharField(_("对方机关"), max_length=100)
    number = models.CharField(_("文号"), max_length=100)
    title = models.CharField(_("标题"), max_length=300)
    manifest_sm3 = models.CharField(_("清单 SM3"), max_length=64)
    status = models.CharField(_("状态"), max_length=10, choices=PackageStatus.choices)
    source_id = models.BigIntegerField(_("发文"), null=True, blank=True)
    classification = models.PositiveSmallIntegerField(_("密级"), default=0)
    receipt = models.JSONField(_("回执"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    receipted_at = models.DateTimeField(_("签收时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("交换包")
        verbose_name_plural = _("交换包")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "direction", "package_id"], name="exchange_package_once"
            )
        ]
        indexes = [models.Index(fields=["agency", "-id"], name="exchange_package_recent")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class DirectorySyncStatus(models.TextChoices):
    PLANNED = "planned", _("待确认")
    APPLIED = "applied", _("已应用")
    STALE = "stale", _("已过时")


class DirectorySyncRun(models.Model):
    """One comparison of the LDAP directory with the agency's departments and people (the dry
    run), and — once the system administrator confirms it — what was applied.

    ``diff`` is what the page shows (added / changed / missing, and entries that cannot be
    taken over); personal contact values are not in it (they are SM4-encrypted on the person),
    only that they changed. ``digest`` covers the full comparison, values included: applying
    re-reads the directory and refuses when anything differs from what was confirmed."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("机关")
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=DirectorySyncStatus.choices,
        default=DirectorySyncStatus.PLANNED,
    )
    digest = models.CharField(_("比对摘要"), max_length=64)
    diff = models.JSONField(_("差异"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("比对人"),
        help_text=_("空：定时比对"),
    )
    created_at = models.DateTimeField(_("比对时间"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    applied_at = models.DateTimeField(_("应用时间"), null=True, blank=True)
    deactivated = models.JSONField(_("确认停用"), default=dict)

    class Meta:
        verbose_name = _("目录同步")
        verbose_name_plural = _("目录同步")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["agency", "-id"], name="dirsync_agency_recent")]

    def __str__(self) -> str:
        return f"目录同步 {self.pk}"

    def counts(self) -> dict[str, int]:
        d = self.diff or {}
        return {
            f"{kind}_{part}": len(d.get(kind, {}).get(part, []))
            for kind in ("departments", "people")
            for part in ("added", "changed", "missing")
        } | {"problems": len(d.get("problems", []))}
