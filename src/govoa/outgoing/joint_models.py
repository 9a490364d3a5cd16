"""联合行文 (joint issuance, 条例 第九条（四）（五）（十二）、第二十二条): the agencies of the
deployment a 发文 is issued with, and each one's 会签 (its own 审核、核稿、签发) of the text
the lead sent through the 公文交换. Imported by ``outgoing.models``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class CoIssuer(models.Model):
    """A co-issuing agency (联署机关) of a 发文, in the order its name is printed; the lead
    (主办机关, the drafting agency) comes first and is not listed here."""

    document = models.ForeignKey(
        "outgoing.OutgoingDocument",
        on_delete=models.CASCADE,
        related_name="co_issuers",
        verbose_name=_("发文"),
    )
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("联署机关")
    )
    order = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("联署机关")
        verbose_name_plural = _("联署机关")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "agency"], name="co_issuer_once"),
            models.UniqueConstraint(fields=["document", "order"], name="co_issuer_order"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.agency_id}"


class JointState(models.TextChoices):
    SENT = "sent", _("待会签")
    SIGNED = "signed", _("已会签")
    REFUSED = "refused", _("不同意会签")
    WITHDRAWN = "withdrawn", _("已失效")


class JointSealState(models.TextChoices):
    NONE = "", _("未到用印")
    REQUESTED = "requested", _("待用印")
    SEALED = "sealed", _("已用印")


class JointCountersign(models.Model):
    """One co-issuing agency's 会签 of one round: sent by the lead through the 公文交换 when
    its 发文 reaches 联署机关会签, handled on the co-issuer's own flow (签收 → 审核 → 核稿 →
    签发); its 签发人 and date (or its refusal and reason) come back to the lead's 发文.
    A new round (after the lead took the text back) makes new rows; the old ones lapse."""

    document = models.ForeignKey(
        "outgoing.OutgoingDocument",
        on_delete=models.PROTECT,
        related_name="joint_countersigns",
        verbose_name=_("主办机关发文"),
    )
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("联署机关")
    )
    order = models.PositiveSmallIntegerField(_("顺序"))
    round = models.PositiveSmallIntegerField(_("轮次"))
    version = models.PositiveIntegerField(_("送会签的文稿版本"))
    classification = models.IntegerField(_("密级"), default=0)
    state = models.CharField(
        _("状态"), max_length=10, choices=JointState.choices, default=JointState.SENT
    )
    exchange_id = models.BigIntegerField(_("交换编号"), null=True, blank=True)
    requested_at = models.DateTimeField(_("送会签时间"), auto_now_add=True)
    received_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签收人"),
    )
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    sign_opinion = models.TextField(_("签发意见"), blank=True)
    refused_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("退回人"),
    )
    refused_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    refused_reason = models.TextField(_("不同意会签的理由"), blank=True)
    # 用印 by the co-issuer's own seal keeper, with its own seal, once the lead has signed,
    # numbered and printed (``outgoing.services.joint_seals``): its seal over its 署名.
    seal_state = models.CharField(
        _("用印状态"),
        max_length=10,
        choices=JointSealState.choices,
        default=JointSealState.NONE,
        blank=True,
    )
    seal_requested_at = models.DateTimeField(_("请求用印时间"), null=True, blank=True)
    sealed_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("用印人"),
    )
    sealed_at = models.DateTimeField(_("用印时间"), null=True, blank=True)
    seal_name = models.CharField(_("所用印章"), max_length=100, blank=True)
    # The lead's 正式文件 as it stood after this seal (an incremental PAdES signature on
    # what the co-issuers before it stamped); the lead's 用印 finishes it.
    sealed_file = models.ForeignKey(
        "documents.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("加盖本机关印章后的正式文件"),
    )

    class Meta:
        verbose_name = _("联合行文会签")
        verbose_name_plural = _("联合行文会签")
        ordering = ["round", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "agency", "round"], name="joint_countersign_once"
            ),
        ]
        indexes = [models.Index(fields=["agency", "-requested_at"], name="joint_cs_agency")]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.agency_id}（第{self.round}轮）"
