"""In-app messages (站内消息) and their outbound deliveries by email and SMS."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one person. It is also the record the email and SMS are sent from."""

    # No index of its own: both indexes below start with it.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("接收人"),
        db_index=False,
    )
    # A plain id, like the audit log: the message belongs to the agency it was sent in.
    agency_id = models.BigIntegerField(_("机关"))
    kind = models.CharField(
        _("消息类型"), max_length=64, help_text=_("如“flow.item.assigned”“flow.item.reminded”")
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(
        _("链接"), max_length=500, blank=True, help_text=_("站内路径，以 / 开头")
    )
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox"),
            # 全部消息, newest first: the page is the first rows of this index.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_all"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Channel(models.TextChoices):
    EMAIL = "email", _("邮件")
    SMS = "sms", _("短信")
    DINGTALK = "dingtalk", _("钉钉")
    WECOM = "wecom", _("企业微信")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Delivery(models.Model):
    """One outbound message of a notification on one channel (its recipient's address is
    copied here when the message is created)."""

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("消息"),
    )
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("地址"), max_length=254, help_text=_("电子邮箱或手机号码"))
    status = models.CharField(
        _("状态"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("外发记录")
        verbose_name_plural = _("外发记录")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="delivery_status_time")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address}（{self.get_status_display()}）"


class ChannelConfig(models.Model):
    """An agency's connection to a messaging platform (钉钉, 企业微信, 短信平台), set by its
    system administrator. An enabled SMS platform here takes the place of ``GOVOA_SMS_*``."""

    agency = models.ForeignKey(
        "org.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("机关")
    )
    channel = models.CharField(
        _("渠道"),
        max_length=8,
        choices=[
            (Channel.DINGTALK, _("钉钉")),
            (Channel.WECOM, _("企业微信")),
            (Channel.SMS, _("短信")),
        ],
    )
    is_enabled = models.BooleanField(_("启用"), default=False)
    base_url = models.CharField(_("接口地址"), max_length=300)
    app_key = models.CharField(_("应用标识"), max_length=100, blank=True)
    app_secret = models.CharField(_("应用密钥"), max_length=200, blank=True)
    agent_id = models.CharField(_("应用编号"), max_length=50, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("消息渠道配置")
        verbose_name_plural = _("消息渠道配置")
        constraints = [
            models.UniqueConstraint(fields=["agency", "channel"], name="channel_config_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}（{'启用' if self.is_enabled else '停用'}）"
