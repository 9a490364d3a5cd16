"""收文: a document received from outside, from 签收 to 归档 (条例 第二十四条)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govoa.core import search
from govoa.core.models import ChoiceLabels
from govoa.core.vocabulary import Classification
from govoa.documents.models import StoredFile
from govoa.documents.vocabulary import DocType, ReceiveChannel, Urgency
from govoa.incoming.workflow import ExtensionDecision, ProposalKind, ReplyMethod, Status
from govoa.org.models import Agency, Department

PERSON = settings.AUTH_USER_MODEL


class IncomingDocument(ChoiceLabels, models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    # 登记
    number = models.CharField(_("收文编号"), max_length=50)
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("顺序号"))
    source_org = models.CharField(_("来文单位"), max_length=100)
    source_number = models.CharField(_("来文文号"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    doc_type = models.CharField(_("文种"), max_length=20, choices=DocType.choices)
    classification = models.IntegerField(
        _("密级"), choices=Classification.choices, default=Classification.NONE
    )
    secrecy_period = models.CharField(_("保密期限"), max_length=30, blank=True)
    urgency = models.CharField(
        _("紧急程度"), max_length=15, choices=Urgency.choices, default=Urgency.NORMAL
    )
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    pages = models.PositiveSmallIntegerField(_("页数"), default=1)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    received_at = models.DateTimeField(_("收文时间"))
    channel = models.CharField(
        _("来文方式"), max_length=15, choices=ReceiveChannel.choices, default=ReceiveChannel.PAPER
    )
    received_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("签收人")
    )
    registered_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the register index below starts with it
        verbose_name=_("登记人"),
    )
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    due_date = models.DateField(
        _("限办日期"), null=True, blank=True, help_text=_("来文要求的办理期限")
    )
    remarks = models.CharField(_("备注"), max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("重复登记的原件"),
    )
    supervisor = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the register index below starts with it
        verbose_name=_("催办人"),
    )
    status = models.CharField(
        _("状态"), max_length=15, choices=Status.choices, default=Status.SCREENING
    )
    # 初审
    screening_checks = models.JSONField(_("初审要点"), default=dict, blank=True)
    return_reason = models.TextField(_("退文理由"), blank=True)
    # 拟办
    proposal_kind = models.CharField(
        _("拟办方式"), max_length=10, choices=ProposalKind.choices, blank=True
    )
    proposal = models.TextField(_("拟办意见"), blank=True)
    proposed_lead = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("建议主办部门"),
    )
    # 批办
    instruction = models.TextField(_("批示"), blank=True)
    instructed_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批办领导"),
    )
    lead_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the register index below starts with it
        verbose_name=_("主办部门"),
    )
    co_departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("协办部门")
    )
    readers: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        PERSON, blank=True, related_name="+", verbose_name=_("传阅人员")
    )
    deadline = models.DateField(_("办理时限"), null=True, blank=True)
    # 承办与办结
    handler = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the register index below starts with it
        verbose_name=_("承办人"),
    )
    result = models.TextField(_("办理结果"), blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    reply = models.TextField(_("答复来文单位"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # 需答复: 请示 and 函 by default, or marked at 登记 or 批办; 办结 then needs the answer
    # (a 发文 sent, ``documents.Reply``) or another 答复方式 with what was said or why not.
    reply_required = models.BooleanField(_("需答复"), default=False)
    reply_method = models.CharField(
        _("答复方式"), max_length=10, choices=ReplyMethod.choices, blank=True
    )
    # 归档移交
    archive_ready_at = models.DateTimeField(_("待归档时间"), null=True, blank=True)
    processing_sheet = models.ForeignKey(
        StoredFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("收文处理单"),
    )
    idempotency_key = models.CharField(_("幂等键"), max_length=100, blank=True)
    # 公文交换: the exchange it arrived by; its 签收 is the sender's receipt.
    exchange_id = models.BigIntegerField(_("交换编号"), null=True, blank=True, unique=True)

    # The searchable fields, segmented (``core.search``): set by ``save``.
    search_text = models.TextField(_("检索词"), blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("收文")
        verbose_name_plural = _("收文")
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "serial"], name="incoming_serial_unique"
            ),
            models.UniqueConstraint(fields=["agency", "number"], name="incoming_number_unique"),
            models.UniqueConstraint(
                fields=["agency", "registered_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="incoming_idempotency_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status"], name="incoming_agency_status"),
            models.Index(fields=["agency", "source_org", "source_number"], name="incoming_source"),
            models.Index(fields=["agency", "-received_at"], name="incoming_received"),
            # The register of someone who sees part of the documents reads each source of
            # their 知悉范围 in the register's order (ADR 0018); the columns' own FK indexes
            # are dropped, as with the work items (ADR 0010).
            models.Index(
                fields=["lead_department", "-year", "-serial"], name="incoming_lead_register"
            ),
            models.Index(
                fields=["registered_by", "-year", "-serial"], name="incoming_registered_register"
            ),
            models.Index(fields=["handler", "-year", "-serial"], name="incoming_handler_register"),
            models.Index(
                fields=["supervisor", "-year", "-serial"], name="incoming_supervisor_register"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    SEARCH_FIELDS = ("title", "number", "source_org", "source_number")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search.index_text(getattr(self, f) for f in self.SEARCH_FIELDS)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_urgent(self) -> bool:
        return self.urgency != Urgency.NORMAL


class IncomingAttachment(models.Model):
    document = models.ForeignKey(
        IncomingDocument,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("收文"),
    )
    file = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, related_name="+", verbose_name=_("文件")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    # 协办材料: added by a 协办 department for the 主办 (empty for the document's own files).
    co_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("协办部门"),
    )
    added_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提供人"),
    )

    class Meta:
        verbose_name = _("收文附件")
        verbose_name_plural = _("收文附件")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.file.name


class ExtensionRequest(models.Model):
    """承办人申请延期；批办领导同意或不同意。"""

    document = models.ForeignKey(
        IncomingDocument,
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name=_("收文"),
    )
    requested_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人")
    )
    current_deadline = models.DateField(_("原办理时限"), null=True, blank=True)
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
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(decision=ExtensionDecision.PENDING),
                name="incoming_one_pending_extension",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} 延至 {self.requested_deadline}"
