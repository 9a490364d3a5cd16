"""档案: the agency's scheme (全宗号, 分类方案, 档号 pattern) and 保管期限表; the 件 (one record
per archived document, its 档号 stable once given) with its 件内文件 and their SM3 digests;
借阅; appraisal decisions; 销毁."""

import re
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govoa.archives.workflow import (
    AppraisalStatus,
    ComponentRole,
    Decision,
    DestructionStatus,
    LoanKind,
    LoanStatus,
    Pattern,
    RecordStatus,
    Retention,
    Scheme,
)
from govoa.core import search
from govoa.core.vocabulary import Classification
from govoa.documents.models import StoredFile
from govoa.documents.vocabulary import DocType
from govoa.org.fields import person_field
from govoa.org.models import Agency, Department

PERSON = settings.AUTH_USER_MODEL


def record_words(title: str, doc_number: str, reference_code: str | None) -> str:
    """The ``search_text`` of a 件: the words of its 题名, 文号 and 档号, and every run of the
    档号's parts (``Z109-WS·2011-Y-BGS-0001``: ``bgs-0001``, ``2011-y`` …), so that a piece
    of the 档号 is found however the segmenter cuts it (ADR 0019)."""
    words = search.index_text((title, doc_number, reference_code)).split()
    parts = [p for p in re.split(r"[^0-9a-z]+", (reference_code or "").lower()) if p]
    runs = ["-".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)]
    return " ".join(dict.fromkeys([*words, *runs]))


class ArchiveSettings(models.Model):
    """One per agency: the same scheme for every year (DA/T 22-2015 5.2.1: stable)."""

    agency = models.OneToOneField(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    fonds_code = models.CharField(_("全宗号"), max_length=10, help_text=_("4 位数字或字母数字组合"))
    category_code = models.CharField(_("档案门类代码"), max_length=4, default="WS")
    scheme = models.CharField(
        _("分类方案"), max_length=20, choices=Scheme.choices, default=Scheme.YEAR_ORG_PERIOD
    )
    pattern = models.CharField(
        _("档号规则"), max_length=80, choices=Pattern.choices, default=Pattern.DAT22
    )

    class Meta:
        verbose_name = _("档案整理设置")
        verbose_name_plural = _("档案整理设置")

    def __str__(self) -> str:
        return f"{self.fonds_code} {self.get_scheme_display()}"


class RetentionRule(models.Model):
    """A line of the agency's 归档范围和文书档案保管期限表 (8号令 第十二条)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    doc_type = models.CharField(_("文种"), max_length=20, choices=DocType.choices)
    retention = models.CharField(_("保管期限"), max_length=3, choices=Retention.choices)

    class Meta:
        verbose_name = _("保管期限表条目")
        verbose_name_plural = _("保管期限表")
        constraints = [
            models.UniqueConstraint(fields=["agency", "doc_type"], name="archives_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()}：{self.get_retention_display()}"


class ArchiveRecord(models.Model):
    """件: the unit of 整理 (DA/T 22-2015 3.2)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    source_type = models.CharField(_("来源类型"), max_length=100)
    source_id = models.BigIntegerField(_("来源编号"))
    source_label = models.CharField(_("来源"), max_length=20)
    title = models.CharField(_("题名"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    responsible = models.CharField(_("责任者"), max_length=200)
    doc_type = models.CharField(_("文种"), max_length=20, blank=True)
    date = models.DateField(_("日期"))
    classification = models.IntegerField(
        _("密级"), choices=Classification.choices, default=Classification.NONE
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("机构（问题）"),
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=RecordStatus.choices, default=RecordStatus.RECEIVED
    )
    # 8号令 第四条: why the item may need not be kept (the archivist decides).
    non_archive_reason = models.CharField(_("不归档提示"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    retention = models.CharField(_("保管期限"), max_length=3, choices=Retention.choices, blank=True)
    org_code = models.CharField(_("机构（问题）代码"), max_length=10, blank=True)
    class_code = models.CharField(_("类目"), max_length=40, blank=True)
    # The last year the record must be kept (年度 + 保管期限; null: 永久), extended by appraisal.
    keep_until = models.PositiveSmallIntegerField(_("保管至（年）"), null=True, blank=True)
    item_number = models.PositiveIntegerField(_("件号"), null=True, blank=True)
    reference_code = models.CharField(_("档号"), max_length=80, null=True, blank=True)
    pages = models.PositiveIntegerField(_("页数"), default=0)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    stamped_file = models.ForeignKey(
        StoredFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("加盖归档章的首件文件"),
    )
    # 归档章: stamped after the 档号 is committed (``services.filing``); pending until then,
    # and a failed attempt says why here until the retry succeeds.
    stamp_pending = models.BooleanField(_("归档章待加盖"), default=False)
    stamp_error = models.CharField(_("归档章加盖失败原因"), max_length=300, blank=True)
    # 组件 (DA/T 22-2015 5.1.1): the 件 this item's files joined (来文 into its 复文's 件).
    joined_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="joined",
        verbose_name=_("组入的件"),
    )
    metadata: "models.JSONField[Any]" = models.JSONField(_("元数据"), default=dict, blank=True)
    manifest_sm3 = models.CharField(_("清单 SM3"), max_length=64, blank=True)
    received_by = person_field(_("接收人"))
    received_at = models.DateTimeField(_("接收时间"))
    filed_by = person_field(_("归档人"), null=True)
    filed_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    fixity_checked_at = models.DateTimeField(_("最近校验"), null=True, blank=True)
    fixity_ok = models.BooleanField(_("校验通过"), null=True, blank=True)
    destroyed_at = models.DateTimeField(_("销毁时间"), null=True, blank=True)
    # 题名, 文号 and 档号 segmented (``core.search``): what the catalogue's 题名 search asks
    # through the index (ADR 0019). Set by ``save``; bulk writers call ``words``.
    search_text = models.TextField(_("检索词"), blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("档案（件）")
        verbose_name_plural = _("档案（件）")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source_type", "source_id"], name="archives_one_record_per_source"
            ),
            models.UniqueConstraint(
                fields=["reference_code"],
                condition=Q(reference_code__isnull=False),
                name="archives_reference_code_unique",
            ),
            models.UniqueConstraint(
                fields=["agency", "class_code", "item_number"],
                condition=Q(item_number__isnull=False),
                name="archives_item_number_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "-id"], name="archives_status"),
            models.Index(
                fields=["agency", "year", "class_code", "item_number"], name="archives_class"
            ),
            models.Index(fields=["agency", "-id"], name="archives_recent"),
            # The catalogue of one year, newest first: a page reads a page of the year.
            models.Index(fields=["agency", "year", "-id"], name="archives_year_recent"),
            models.Index(fields=["agency", "status", "keep_until"], name="archives_expiry"),
            models.Index(
                fields=["id"], condition=Q(stamp_pending=True), name="archives_stamp_pending"
            ),
        ]

    def __str__(self) -> str:
        return self.reference_code or self.title

    SEARCH_FIELDS = ("title", "doc_number", "reference_code")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.words()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def words(self) -> str:
        """Its ``search_text`` (``record_words``)."""
        return record_words(*(getattr(self, f) for f in self.SEARCH_FIELDS))

    @property
    def date_text(self) -> str:
        """目录's 日期: 8 digits (20150818)."""
        return f"{self.date:%Y%m%d}"


class ArchiveComponent(models.Model):
    """件内文件, in the in-item order. ``sm3`` is taken when the item is archived; after 销毁
    the file is gone and the row (name, digest, size) stays."""

    record = models.ForeignKey(
        ArchiveRecord, on_delete=models.CASCADE, related_name="components", verbose_name=_("件")
    )
    role = models.CharField(_("组成"), max_length=20, choices=ComponentRole.choices)
    order = models.PositiveSmallIntegerField(_("件内顺序"))
    name = models.CharField(_("文件名"), max_length=255)
    file = models.ForeignKey(
        StoredFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("文件"),
    )
    sm3 = models.CharField(_("SM3"), max_length=64)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    pages = models.PositiveIntegerField(_("页数"), default=0)

    class Meta:
        verbose_name = _("件内文件")
        verbose_name_plural = _("件内文件")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class ArchiveLoan(models.Model):
    """借阅: approved on the engine by the record's 密级; an electronic loan is a read-only
    view until ``expires_at``, watermarked with the reader's name and the time."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    record = models.ForeignKey(
        ArchiveRecord, on_delete=models.PROTECT, related_name="loans", verbose_name=_("档案")
    )
    requester = person_field(_("借阅人"))
    kind = models.CharField(_("借阅方式"), max_length=12, choices=LoanKind.choices)
    purpose = models.CharField(_("借阅目的"), max_length=300)
    due_date = models.DateField(_("归还日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.REVIEWING
    )
    approved_by = person_field(_("批准人"), null=True)
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("查阅截止"), null=True, blank=True)
    returned_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("催还时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("档案借阅")
        verbose_name_plural = _("档案借阅")
        indexes = [
            models.Index(fields=["agency", "-id"], name="archives_loan_recent"),
            models.Index(fields=["requester", "-id"], name="archives_loan_requester"),
            models.Index(fields=["status", "due_date"], name="archives_loan_due"),
        ]

    def __str__(self) -> str:
        return f"借阅：{self.record}"


class Appraisal(models.Model):
    """A committee's decision on a record whose 保管期限 has expired (鉴定)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    record = models.ForeignKey(
        ArchiveRecord, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("档案")
    )
    decision = models.CharField(_("鉴定意见"), max_length=10, choices=Decision.choices)
    retention_before = models.CharField(_("原保管期限"), max_length=3, choices=Retention.choices)
    retention_after = models.CharField(
        _("延长后保管期限"), max_length=3, choices=Retention.choices, blank=True
    )
    opinion = models.CharField(_("鉴定说明"), max_length=300)
    committee: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        PERSON, related_name="+", verbose_name=_("鉴定小组")
    )
    recorded_by = person_field(_("记录人"))
    # While the committee votes, ``decision`` is the archivist's 初步意见 and ``decided_at``
    # when it was put to the committee; once decided, the committee's decision and its time.
    decided_at = models.DateTimeField(_("鉴定时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=AppraisalStatus.choices, default=AppraisalStatus.VOTING
    )

    class Meta:
        verbose_name = _("档案鉴定")
        verbose_name_plural = _("档案鉴定")
        indexes = [models.Index(fields=["record", "status"], name="archives_appraisal_open")]

    def __str__(self) -> str:
        return f"{self.record}：{self.get_decision_display()}"


class AppraisalVote(models.Model):
    """One committee member's own decision on a 鉴定, with the reason; never changed."""

    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.CASCADE, related_name="votes", verbose_name=_("鉴定")
    )
    member = person_field(_("鉴定小组成员"))
    decision = models.CharField(_("意见"), max_length=10, choices=Decision.choices)
    reason = models.CharField(_("理由"), max_length=300)
    voted_at = models.DateTimeField(_("表决时间"))

    class Meta:
        verbose_name = _("鉴定表决")
        verbose_name_plural = _("鉴定表决")
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "member"], name="archives_appraisal_one_vote"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}：{self.get_decision_display()}"


class Destruction(models.Model):
    """销毁: the records the committee decided to destroy, approved by the principal leader;
    the 销毁清册 is kept, the files are deleted."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    records = models.ManyToManyField(ArchiveRecord, related_name="+", verbose_name=_("销毁档案"))
    reason = models.CharField(_("销毁理由"), max_length=300)
    requester = person_field(_("申请人"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=DestructionStatus.choices,
        default=DestructionStatus.REVIEWING,
    )
    approved_by = person_field(_("批准人"), null=True)
    executed_by = person_field(_("监销人"), null=True)
    executed_at = models.DateTimeField(_("销毁时间"), null=True, blank=True)
    register_file = models.ForeignKey(
        StoredFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("销毁清册"),
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("档案销毁")
        verbose_name_plural = _("档案销毁")

    def __str__(self) -> str:
        return f"档案销毁（{self.created_at:%Y-%m-%d}）"
