"""Append-only audit events, their SM3 hash chain and its signed checkpoints (DESIGN §5).

An event is written on the hot path with its digest in the queue ``AuditPending``, in the
same transaction and without any global lock. The chainer (``chain.chain_pending``) drains
the queue in batches and appends ``AuditChainLink`` rows; the scheduler signs the chain's
head into ``AuditCheckpoint`` (and a file outside the database). On PostgreSQL a trigger
refuses UPDATE and DELETE on events, links and checkpoints (migrations 0002 and 0004); only
the queue is ever deleted from. See ADR 0009."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    DENIED = "denied", _("拒绝")


class AuditEvent(models.Model):
    # Actor and agency are kept as plain ids plus a name: an audit row must outlive and never
    # cascade from the rows it talks about.
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    agency_id = models.BigIntegerField(_("机关"), null=True, blank=True, db_index=True)
    actor_id = models.BigIntegerField(_("操作人"), null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("操作人姓名"), max_length=100, blank=True)
    ip = models.CharField(_("来源地址"), max_length=45, blank=True)
    action = models.CharField(_("事件类型"), max_length=100, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    outcome = models.CharField(
        _("结果"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    # DjangoJSONEncoder: dates, decimals and lazy Chinese labels may appear in details.
    details = models.JSONField(_("详情"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        indexes = [models.Index(fields=["agency_id", "-occurred_at"], name="audit_agency_time")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"


class AuditChainLink(models.Model):
    """Position ``seq`` of the chain: ``hash = SM3(prev_hash ‖ canonical(event))``."""

    seq = models.BigIntegerField(_("序号"), primary_key=True)
    event = models.OneToOneField(
        AuditEvent, on_delete=models.PROTECT, related_name="link", verbose_name=_("审计事件")
    )
    prev_hash = models.CharField(_("前一哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)
    chained_at = models.DateTimeField(_("入链时间"), default=timezone.now)

    class Meta:
        verbose_name = _("审计链")
        verbose_name_plural = _("审计链")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class AuditPending(models.Model):
    """An event committed but not yet chained, with the digest of its content taken when it
    was written: the chainer needs nothing else, and a change to the event made before it is
    chained still shows at verification."""

    event = models.OneToOneField(
        AuditEvent,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="pending",
        verbose_name=_("审计事件"),
    )
    digest = models.CharField(_("内容摘要"), max_length=64)

    class Meta:
        verbose_name = _("待入链事件")
        verbose_name_plural = _("待入链事件")

    def __str__(self) -> str:
        return f"#{self.event_id} {self.digest[:12]}"


class AuditCheckpoint(models.Model):
    """The chain's head at one moment, signed with HMAC-SM3 under ``GOVOA_AUDIT_KEY``: the
    chain must still reach ``seq`` with ``head_hash`` there. The same line goes to a file."""

    seq = models.BigIntegerField(_("链序号"), primary_key=True)
    head_hash = models.CharField(_("链头哈希"), max_length=64)
    created_at = models.DateTimeField(_("签署时间"))
    mac = models.CharField(_("签名"), max_length=64)

    class Meta:
        verbose_name = _("审计链检查点")
        verbose_name_plural = _("审计链检查点")

    def __str__(self) -> str:
        return f"#{self.seq} {self.head_hash[:12]}"


class AuditPurge(models.Model):
    """The start of the chain after a retention purge (``retention.py``): the links up to
    ``seq`` and their events were deleted; verification starts from ``seq`` with ``hash``.
    Signed like a checkpoint, so a cut prefix cannot pass for a purge without the key."""

    seq = models.BigIntegerField(_("清理至链序号"), primary_key=True)
    hash = models.CharField(_("该处哈希"), max_length=64)
    purged_before = models.DateTimeField(_("清理此前的事件"))
    created_at = models.DateTimeField(_("清理时间"))
    events = models.PositiveIntegerField(_("清理条数"))
    mac = models.CharField(_("签名"), max_length=64)

    class Meta:
        verbose_name = _("审计清理记录")
        verbose_name_plural = _("审计清理记录")

    def __str__(self) -> str:
        return f"≤#{self.seq}"
