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


class ReplyState(models.TextChoices):
    DRAFTING = "drafting", _("复文办理中")
    SENT = "sent", _("复文已发出")
    RECEIVED = "received", _("对方已签收")
    WITHDRAWN = "withdrawn", _("复文已撤销")


class Reply(models.Model):
    """复文: a document that answers another (a 收文's 批复 or 复函, drafted as a 发文). Kept
    here because the question and the answer live in sibling modules; the answering agency
    has one row, and the asking agency another once the answer reaches it by exchange
    (question: its own 请示, answer: the 收文 the exchange made)."""

    agency_id = models.BigIntegerField(_("机关"))
    question_type = models.CharField(_("来文类型"), max_length=100)
    question_id = models.BigIntegerField(_("来文编号"))
    answer_type = models.CharField(_("复文类型"), max_length=100)
    answer_id = models.BigIntegerField(_("复文编号"))
    answer_number = models.CharField(_("复文字号"), max_length=60, blank=True)
    answer_title = models.CharField(_("复文标题"), max_length=300)
    # The exchange the question arrived by (its sender is the agency waiting for the answer).
    question_exchange_id = models.BigIntegerField(_("来文交换编号"), null=True, blank=True)
    # The exchange that took the answer to the asking agency; its 回执 closes the loop.
    exchange_id = models.BigIntegerField(_("复文交换编号"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=ReplyState.choices, default=ReplyState.DRAFTING
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True)
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    received_by_name = models.CharField(_("签收人"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("复文")
        verbose_name_plural = _("复文")
        constraints = [
            models.UniqueConstraint(
                fields=["question_type", "question_id"],
                condition=~models.Q(state="withdrawn"),
                name="reply_one_live_answer",
            ),
        ]
        indexes = [
            models.Index(fields=["answer_type", "answer_id"], name="reply_answer"),
            models.Index(fields=["exchange_id"], name="reply_exchange"),
        ]

    def __str__(self) -> str:
        return f"{self.answer_title} → {self.question_type}:{self.question_id}"


class SigningAuthority(models.Model):
    """The deployment's own certificate authority (made at ``govoa setup``): it issues one
    certificate per seal. Its private key is kept encrypted (``documents.esign.keys``)."""

    name = models.CharField(_("名称"), max_length=200)
    certificate = models.TextField(_("证书（PEM）"))
    private_key = models.TextField(_("私钥（加密 PEM）"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("电子印章根证书")
        verbose_name_plural = _("电子印章根证书")

    def __str__(self) -> str:
        return self.name


class SealKey(models.Model):
    """The signing key of one seal (印章): made at its first stamp, never leaves the server;
    the certificate names the seal (CN) and its agency (O)."""

    agency_id = models.BigIntegerField(_("机关"))
    seal_id = models.BigIntegerField(_("印章"), unique=True)
    seal_name = models.CharField(_("印章名称"), max_length=100)
    certificate = models.TextField(_("证书（PEM）"))
    private_key = models.TextField(_("私钥（加密 PEM）"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("印章密钥")
        verbose_name_plural = _("印章密钥")

    def __str__(self) -> str:
        return self.seal_name


class SealStamp(models.Model):
    """One electronic stamp: which seal, on which document, by whom, when, and the file it
    made (the signed PDF)."""

    agency_id = models.BigIntegerField(_("机关"))
    seal_key = models.ForeignKey(
        SealKey, on_delete=models.PROTECT, related_name="stamps", verbose_name=_("印章密钥")
    )
    subject_type = models.CharField(_("文件类型"), max_length=100)
    subject_id = models.BigIntegerField(_("文件编号"))
    file = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, related_name="+", verbose_name=_("盖章文件")
    )
    image = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, related_name="+", verbose_name=_("印章图像")
    )
    # Where the seal presses: the 署名 and, for the last seal, the 成文日期.
    anchor_signature = models.CharField(_("署名"), max_length=100)
    anchor_date = models.CharField(_("成文日期"), max_length=20, blank=True)
    stamped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("用印人"),
    )
    stamped_at = models.DateTimeField(_("用印时间"))

    class Meta:
        verbose_name = _("电子用印")
        verbose_name_plural = _("电子用印")
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="sealstamp_subject")]

    def __str__(self) -> str:
        return f"{self.seal_key.seal_name} → {self.subject_type}:{self.subject_id}"
