"""发文: a document the agency issues, from 拟稿 to 分发 (条例 第十八—二十五条)."""

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govoa.core import search
from govoa.core.filenames import file_stem
from govoa.core.models import ChoiceLabels
from govoa.core.vocabulary import Classification
from govoa.documents.models import StoredFile
from govoa.documents.vocabulary import Direction, DocType, Publicity, Urgency
from govoa.org.models import Agency, Department
from govoa.outgoing.workflow import DistributionKind, Layout, Status

PERSON = settings.AUTH_USER_MODEL


class DocumentCategory(models.Model):
    """发文类别 (市发改发, 市发改函, 市发改办 …): its 代字 makes the 发文字号, its own numbering
    runs per year, and it chooses the layout (文件格式, 信函格式 …)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    code = models.SlugField(_("代码"), max_length=20)
    word = models.CharField(_("发文代字"), max_length=20, help_text=_("如“市发改发”"))
    name = models.CharField(_("名称"), max_length=50, help_text=_("如“委文件”“委函”"))
    layout = models.CharField(
        _("版式"), max_length=10, choices=Layout.choices, default=Layout.STANDARD
    )
    issuer_mark = models.CharField(
        _("发文机关标志"), max_length=60, help_text=_("如“某市发展和改革委员会文件”")
    )
    # GB/T 9704 10.3 leaves the 纪要格式 to the agency; in practice 纪要 are neither signed
    # nor sealed, so the 署名 and 成文日期 are printed only when the agency says so.
    minutes_signed = models.BooleanField(
        _("纪要印署名和成文日期"),
        default=False,
        help_text=_("仅对纪要格式的类别有效：勾选后纪要末尾印发文机关署名和成文日期"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=10)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("发文类别")
        verbose_name_plural = _("发文类别")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="category_code_unique")
        ]

    def __str__(self) -> str:
        return self.word

    @property
    def sequence_kind(self) -> str:
        return f"outgoing:{self.code}"


class OutgoingDocument(ChoiceLabels, models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    category = models.ForeignKey(
        DocumentCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("发文类别")
    )
    doc_type = models.CharField(_("文种"), max_length=20, choices=DocType.choices)
    direction = models.CharField(
        _("行文方向"), max_length=10, choices=Direction.choices, default=Direction.DOWNWARD
    )
    title = models.CharField(_("标题"), max_length=300)
    recipients = models.TextField(_("主送机关"), blank=True, help_text=_("多个机关用顿号“、”分隔"))
    body = models.TextField(_("正文"), blank=True)
    cc = models.TextField(_("抄送机关"), blank=True, help_text=_("多个机关用顿号“、”分隔"))
    note = models.CharField(_("附注"), max_length=300, blank=True)
    distribution_scope = models.CharField(_("分送范围"), max_length=300, blank=True)
    copies = models.PositiveSmallIntegerField(_("印制份数"), default=10)
    classification = models.IntegerField(
        _("密级"), choices=Classification.choices, default=Classification.NONE
    )
    secrecy_period = models.CharField(_("保密期限"), max_length=30, blank=True)
    urgency = models.CharField(
        _("紧急程度"), max_length=15, choices=Urgency.choices, default=Urgency.NORMAL
    )
    publicity = models.CharField(
        _("公开属性"), max_length=12, choices=Publicity.choices, default=Publicity.ON_REQUEST
    )
    publicity_reason = models.CharField(_("不予公开理由"), max_length=200, blank=True)
    important = models.BooleanField(
        _("重要公文"), default=False, help_text=_("由主要领导签发，并实行三校")
    )
    needs_legal_review = models.BooleanField(_("需法制审核"), default=False)
    countersign_departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("会签部门")
    )
    drafter = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the register index below starts with it
        verbose_name=_("拟稿人"),
    )
    drafting_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the register index below starts with it
        verbose_name=_("拟稿部门"),
    )
    status = models.CharField(
        _("状态"), max_length=15, choices=Status.choices, default=Status.DRAFTING
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("送审时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("当前版本"), default=0)
    # Gates of 条例 第二十条: 签发 needs 审核 and 核稿 of the current text.
    reviewed_at = models.DateTimeField(_("审核通过时间"), null=True, blank=True)
    checked_at = models.DateTimeField(_("核稿通过时间"), null=True, blank=True)
    # 签发
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
    signed_version = models.PositiveIntegerField(_("签发稿版本"), null=True, blank=True)
    # 登记编号
    number = models.CharField(_("发文字号"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    serial = models.PositiveIntegerField(_("顺序号"), null=True, blank=True)
    # The year the register files it under: the 发文字号's year once numbered, else the year
    # it was drafted in (local time). Kept by ``save`` (ADR 0019), so that the register's
    # year filter is one indexed column, not ``year = y OR (year IS NULL AND …)``.
    register_year = models.PositiveSmallIntegerField(_("登记年度"), editable=False)
    # 印制、用印、分发
    printed_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("印制人"),
    )
    print_checked_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("印制核对人"),
    )
    printed_at = models.DateTimeField(_("印制时间"), null=True, blank=True)
    printed_copies = models.PositiveSmallIntegerField(_("实印份数"), null=True, blank=True)
    sealed_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("用印人"),
    )
    sealed_at = models.DateTimeField(_("用印时间"), null=True, blank=True)
    # 电子用印: the 正式文件 stamped and signed at 用印 (``outgoing.esign``).
    sealed_file = models.ForeignKey(
        StoredFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("电子用印的正式文件"),
    )
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    archive_due = models.DateField(_("归档期限"), null=True, blank=True)
    idempotency_key = models.CharField(_("幂等键"), max_length=100, blank=True)
    # 联合行文: the 版头 uses the joint 发文机关标志 (every agency's name) or the lead's alone
    # (条例 第九条（四）); the round of 联署机关会签 the document is in (``outgoing.joint``).
    joint_header = models.BooleanField(_("联合发文机关标志"), default=True)
    joint_round = models.PositiveSmallIntegerField(_("联署会签轮次"), default=0)

    # The searchable fields, segmented (``core.search``): set by ``save``.
    search_text = models.TextField(_("检索词"), blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("发文")
        verbose_name_plural = _("发文")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"], condition=~Q(number=""), name="outgoing_number_unique"
            ),
            models.UniqueConstraint(
                fields=["agency", "drafter", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="outgoing_idempotency_unique",
            ),
            # A numbered document is registered under its number's year.
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(register_year=models.F("year")),
                name="outgoing_register_year_is_number_year",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status"], name="outgoing_agency_status"),
            models.Index(fields=["agency", "-created_at"], name="outgoing_created"),
            # The register of someone who sees part of the documents reads each source of
            # their 知悉范围 in the register's order (ADR 0018).
            models.Index(
                fields=["drafting_department", "-created_at", "-id"],
                name="outgoing_drafting_register",
            ),
            models.Index(
                fields=["drafter", "-created_at", "-id"], name="outgoing_drafter_register"
            ),
            # The same sources with a year filter, and everyone's register of one year
            # (ADR 0019): a page of one year reads a page of rows whatever the years after it.
            models.Index(
                fields=["drafting_department", "register_year", "-created_at", "-id"],
                name="outgoing_drafting_year",
            ),
            models.Index(
                fields=["drafter", "register_year", "-created_at", "-id"],
                name="outgoing_drafter_year",
            ),
            models.Index(
                fields=["agency", "register_year", "-created_at", "-id"],
                name="outgoing_agency_year",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title

    SEARCH_FIELDS = ("title", "number")
    REGISTER_YEAR_FIELDS = ("year", "created_at")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search.index_text(getattr(self, f) for f in self.SEARCH_FIELDS)
        self.register_year = self.register_year_of(self.year, self.created_at)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = set()
            if set(update_fields) & set(self.SEARCH_FIELDS):
                extra.add("search_text")
            if set(update_fields) & set(self.REGISTER_YEAR_FIELDS):
                extra.add("register_year")
            if extra:
                kwargs["update_fields"] = {*update_fields, *extra}
        super().save(*args, **kwargs)

    @staticmethod
    def register_year_of(year: int | None, created_at: datetime.datetime | None) -> int:
        """The register year of a document numbered in ``year`` (``None``: not numbered)
        and created at ``created_at`` (``None``: being created now)."""
        if year:
            return year
        return (timezone.localtime(created_at) if created_at else timezone.localtime()).year

    def download_stem(self, before: str = "", after: str = "") -> str:
        """Its files' name by the agency's rule (主题, 日期, 版本, 文号)."""
        subject, version = f"{before}{self.title[:60]}{after}", self.version or 1
        return file_stem(self, subject, number=self.number, version=version)

    @property
    def is_urgent(self) -> bool:
        return self.urgency != Urgency.NORMAL


class OutgoingAttachment(models.Model):
    document = models.ForeignKey(
        OutgoingDocument,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("发文"),
    )
    name = models.CharField(_("附件名称"), max_length=200, help_text=_("用于附件说明"))
    file = models.ForeignKey(
        StoredFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("文件"),
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("发文附件")
        verbose_name_plural = _("发文附件")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class OutgoingVersion(models.Model):
    """修改稿: the text as it stood after each save since submission (for 痕迹)."""

    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.CASCADE, related_name="versions", verbose_name=_("发文")
    )
    number = models.PositiveIntegerField(_("版本号"))
    snapshot: "models.JSONField[Any]" = models.JSONField(_("内容"))
    node_name = models.CharField(_("修改环节"), max_length=100, blank=True)
    saved_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("修改人")
    )
    saved_at = models.DateTimeField(_("修改时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("修改稿")
        verbose_name_plural = _("修改稿")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="outgoing_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} 第{self.number}稿"


class VoidedNumber(models.Model):
    """A 发文字号 taken out of use; it is never given again."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    category = models.ForeignKey(
        DocumentCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("发文类别")
    )
    number = models.CharField(_("发文字号"), max_length=60)
    document = models.ForeignKey(
        OutgoingDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("原发文"),
    )
    reason = models.CharField(_("作废理由"), max_length=300)
    voided_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("作废人")
    )
    voided_at = models.DateTimeField(_("作废时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("作废字号")
        verbose_name_plural = _("作废字号")
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="voided_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}（作废）"


class ProofRound(models.Model):
    document = models.ForeignKey(
        OutgoingDocument,
        on_delete=models.CASCADE,
        related_name="proof_rounds",
        verbose_name=_("发文"),
    )
    round = models.PositiveSmallIntegerField(_("校次"))
    proofreader = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("校对人")
    )
    against_version = models.PositiveIntegerField(_("对照签发稿版本"))
    notes = models.TextField(_("校对意见"), blank=True)
    confirmed_at = models.DateTimeField(_("校对时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("校对记录")
        verbose_name_plural = _("校对记录")
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["document", "round"], name="proof_round_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} 第{self.round}校"


class Distribution(models.Model):
    """One recipient of a printed document, and its 签收."""

    document = models.ForeignKey(
        OutgoingDocument,
        on_delete=models.CASCADE,
        related_name="distributions",
        verbose_name=_("发文"),
    )
    kind = models.CharField(_("类型"), max_length=10, choices=DistributionKind.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("本机关部门"),
    )
    target_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("接收机关"),
    )
    name = models.CharField(_("接收单位"), max_length=100)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    sent_at = models.DateTimeField(_("发出时间"), auto_now_add=True)
    exchange_id = models.BigIntegerField(_("交换编号"), null=True, blank=True)
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    received_by_name = models.CharField(_("签收人"), max_length=50, blank=True)
    # The document's 创建时间 repeated (it never changes), so that the 发文 distributed to a
    # department are read from this table's index in the 发文登记簿's order (ADR 0019).
    document_created_at = models.DateTimeField(_("发文创建时间"), editable=False)

    class Meta:
        verbose_name = _("分发记录")
        verbose_name_plural = _("分发记录")
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["department", "-document_created_at", "-document"],
                name="outgoing_distribution_register",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.document_created_at is None:
            self.document_created_at = self.document.created_at
        super().save(*args, **kwargs)


class PrintedCopy(models.Model):
    """One printed copy of a 涉密 发文 and its 份号 (the copy's sequence number, 条例 第九条
    （一）): numbered at 印制, taken by the 分发 it goes out with."""

    document = models.ForeignKey(
        OutgoingDocument,
        on_delete=models.CASCADE,
        related_name="numbered_copies",
        verbose_name=_("发文"),
    )
    number = models.PositiveIntegerField(_("份号"))
    distribution = models.ForeignKey(
        Distribution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="numbered_copies",
        verbose_name=_("分发记录"),
    )

    class Meta:
        verbose_name = _("份号")
        verbose_name_plural = _("份号")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="printed_copy_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} 第{self.label}份"

    @property
    def label(self) -> str:
        """The 份号 as printed: six digits (GB/T 9704 7.2.1)."""
        return f"{self.number:06d}"


from govoa.outgoing.joint_models import CoIssuer, JointCountersign  # noqa: E402 — the joint half

__all__ = [
    "CoIssuer",
    "Distribution",
    "DocumentCategory",
    "JointCountersign",
    "OutgoingAttachment",
    "OutgoingDocument",
    "OutgoingVersion",
    "PrintedCopy",
    "ProofRound",
    "VoidedNumber",
]
