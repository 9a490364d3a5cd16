from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """A file kept in Django storage under a random key, with its digests (DESIGN §5).

    Files are immutable: a new version is a new row."""

    agency_id = models.BigIntegerField(_("机关"))
    storage_key = models.CharField(_("存储键"), max_length=200, unique=True)
    name = models.CharField(_("文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=10)
    content_type = models.CharField(_("内容类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    sm3 = models.CharField(_("SM3"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("文件")
        verbose_name_plural = _("文件")

    def __str__(self) -> str:
        return self.name


class ExchangeStatus(models.TextChoices):
    SENT = "sent", _("已发出")
    RECEIVED = "received", _("已签收")


class Exchange(models.Model):
    """公文交换 between two agencies of one platform: the sender's document as the receiver
    gets it, and the receipt (签收) that flows back."""

    sender_agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("发文机关")
    )
    receiver_agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("收文机关")
    )
    source_type = models.CharField(_("来源类型"), max_length=100)
    source_id = models.BigIntegerField(_("来源编号"))
    target_type = models.CharField(_("接收类型"), max_length=100, blank=True)
    target_id = models.BigIntegerField(_("接收编号"), null=True, blank=True)
    number = models.CharField(_("发文字号"), max_length=60)
    title = models.CharField(_("标题"), max_length=300)
    payload = models.JSONField(_("公文要素"), default=dict)
    files = models.ManyToManyField(StoredFile, blank=True, related_name="+", verbose_name=_("文件"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ExchangeStatus.choices, default=ExchangeStatus.SENT
    )
    sent_at = models.DateTimeField(_("发出时间"), auto_now_add=True)
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    received_by_name = models.CharField(_("签收人"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("公文交换")
        verbose_name_plural = _("公文交换")
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "receiver_agency"],
                name="exchange_once_per_receiver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} → {self.receiver_agency_id}"
