"""Templates (versioned definitions), instances pinned to a version, work items (待办) and the
append-only trail (办理过程)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govoa.core.models import ChoiceLabels
from govoa.core.vocabulary import Classification
from govoa.flow.workflow import (
    Action,
    Channel,
    InstanceStatus,
    ItemGroup,
    ItemStatus,
    NodeKind,
    ReminderKind,
    TemplateStatus,
)
from govoa.org.models import Agency, Department

PERSON = settings.AUTH_USER_MODEL


class FlowTemplate(models.Model):
    """One version of an agency's template. A published version is never edited: changes go
    into a new draft, and publishing it retires the old one. Instances keep their version."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    code = models.CharField(_("流程代码"), max_length=64)
    name = models.CharField(_("流程名称"), max_length=100)
    subject_type = models.CharField(_("业务对象"), max_length=100)
    version = models.PositiveIntegerField(_("版本"))
    status = models.CharField(
        _("状态"), max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT
    )
    definition = models.JSONField(_("流程定义"))
    created_by = models.ForeignKey(
        PERSON,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("修改人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("流程模板")
        verbose_name_plural = _("流程模板")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code", "version"], name="flow_template_version_unique"
            ),
            models.UniqueConstraint(
                fields=["agency", "code"],
                condition=Q(status=TemplateStatus.PUBLISHED),
                name="flow_template_one_published",
            ),
            models.UniqueConstraint(
                fields=["agency", "code"],
                condition=Q(status=TemplateStatus.DRAFT),
                name="flow_template_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class FlowInstance(ChoiceLabels, models.Model):
    """One run of a template on one subject (a document, a meeting, …).

    The subject's title, number, module and 密级 are kept here as a snapshot (refreshed by
    the owning app), so the workbench lists items of every module in one query."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    template = models.ForeignKey(
        FlowTemplate,
        on_delete=models.PROTECT,
        related_name="instances",
        verbose_name=_("流程模板（版本）"),
    )
    code = models.CharField(_("流程代码"), max_length=64)
    subject_type = models.CharField(_("业务对象类型"), max_length=100)
    subject_id = models.BigIntegerField(_("业务对象编号"))
    module = models.CharField(_("模块"), max_length=30)
    title = models.CharField(_("标题"), max_length=300)
    number = models.CharField(_("编号"), max_length=100, blank=True)
    classification = models.IntegerField(
        _("密级"), choices=Classification.choices, default=Classification.NONE
    )
    urgent = models.BooleanField(_("紧急"), default=False)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=InstanceStatus.choices, default=InstanceStatus.RUNNING
    )
    current_node = models.CharField(_("当前环节"), max_length=64, blank=True)
    activation = models.PositiveIntegerField(_("环节批次"), default=0)
    started_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("发起人")
    )
    started_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("流程实例")
        verbose_name_plural = _("流程实例")
        constraints = [
            # One running flow per subject and template code at a time.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "code"],
                condition=Q(status=InstanceStatus.RUNNING),
                name="flow_instance_one_running",
            ),
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="flow_instance_subject"),
            models.Index(fields=["started_by", "-started_at"], name="flow_instance_starter"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_status_display()}）"


class WorkItem(ChoiceLabels, models.Model):
    """One person's step: 待办 (task, parallel) or 待阅 (notice).

    ``classification`` repeats the flow's 密级 (set when the item is made, and with the
    instance's by ``flow_subject_refresh``) and ``subject_type``/``subject_id`` its subject,
    so that the workbench lists and the modules' visibility rules read the item's own
    indexes without joining every flow of the person's history (ADR 0010)."""

    instance = models.ForeignKey(
        FlowInstance, on_delete=models.CASCADE, related_name="items", verbose_name=_("流程实例")
    )
    node_key = models.CharField(_("环节"), max_length=64)
    node_name = models.CharField(_("环节名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=NodeKind.choices)
    activation = models.PositiveIntegerField(_("环节批次"))
    group = models.CharField(
        _("分组"), max_length=8, choices=ItemGroup.choices, default=ItemGroup.MAIN
    )
    # No index of its own: ``flow_item_inbox`` and ``flow_item_assignee_subject`` start with it.
    assignee = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        related_name="work_items",
        verbose_name=_("办理人"),
        db_index=False,
    )
    delegated_from = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("被代理人"),
    )
    # The department the item is for, when the node is assigned per department (会签, 协办).
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属部门"),
    )
    created_by_item = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("来自"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    classification = models.IntegerField(
        _("密级"), choices=Classification.choices, default=Classification.NONE
    )
    # The flow's subject, repeated: a person's part in a module's documents is read from
    # the items' own indexes (``participation_sources``), not through every flow instance.
    subject_type = models.CharField(_("业务对象类型"), max_length=100, blank=True, default="")
    subject_id = models.BigIntegerField(_("业务对象编号"), null=True, blank=True)
    created_at = models.DateTimeField(_("送达时间"), default=timezone.now)
    opened_at = models.DateTimeField(_("首次查看"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅知时间"), null=True, blank=True)
    due_date = models.DateField(_("办理期限"), null=True, blank=True)
    due_is_estimate = models.BooleanField(_("期限为估算"), default=False)
    done_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    # No index of its own: ``flow_item_done_keyset`` starts with it (a second, narrower one
    # tempted the planner into sorting a short history instead of reading it in order).
    acted_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("实际办理人"),
        db_index=False,
    )
    action = models.CharField(_("办理结果"), max_length=12, choices=Action.choices, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    due_soon_reminded_at = models.DateTimeField(_("到期提醒时间"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(_("超期提醒时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("超期上报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        indexes = [
            models.Index(fields=["assignee", "status", "due_date"], name="flow_item_inbox"),
            models.Index(
                fields=["assignee", "subject_type", "subject_id"], name="flow_item_assignee_subject"
            ),
            models.Index(
                fields=["acted_by", "subject_type", "subject_id"], name="flow_item_acted_subject"
            ),
            # 已办, newest first: the page is the first rows of this index (ties by key).
            models.Index(fields=["acted_by", "-done_at", "-id"], name="flow_item_done_keyset"),
            models.Index(fields=["status", "due_date"], name="flow_item_deadline"),
            models.Index(fields=["instance", "activation"], name="flow_item_activation"),
        ]

    def __str__(self) -> str:
        return f"{self.node_name}：{self.assignee}（{self.get_status_display()}）"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == ItemStatus.OPEN
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class TrailEntry(models.Model):
    """办理过程: one row per act, never changed."""

    instance = models.ForeignKey(
        FlowInstance, on_delete=models.CASCADE, related_name="trail", verbose_name=_("流程实例")
    )
    work_item = models.ForeignKey(
        WorkItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("待办事项"),
    )
    node_key = models.CharField(_("环节"), max_length=64)
    node_name = models.CharField(_("环节名称"), max_length=100)
    actor = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理人"),
    )
    on_behalf_of = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("被代理人"),
    )
    action = models.CharField(_("动作"), max_length=20)
    opinion = models.TextField(_("意见"), blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办理过程")
        verbose_name_plural = _("办理过程")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["instance", "created_at"], name="flow_trail_instance")]

    def __str__(self) -> str:
        return f"{self.node_name} {self.actor} {self.action}"


class Reminder(ChoiceLabels, models.Model):
    """催办记录: who reminded whom about which item, how, and why."""

    work_item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("待办事项")
    )
    kind = models.CharField(_("类型"), max_length=12, choices=ReminderKind.choices)
    sent_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("催办人"),
    )
    sent_to = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("被催办人")
    )
    channel = models.CharField(
        _("方式"), max_length=8, choices=Channel.choices, default=Channel.SYSTEM
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["sent_to", "-created_at"], name="flow_reminder_to"),
            models.Index(fields=["sent_by", "-created_at"], name="flow_reminder_by"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.sent_to}"


class ChecklistResult(models.Model):
    """The answers to a node's quality checklist (三查) given with one act: which items the
    actor ticked, which not. Counted by 统计与通报."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    item = models.OneToOneField(
        WorkItem, on_delete=models.CASCADE, related_name="checklist", verbose_name=_("待办事项")
    )
    module = models.CharField(_("模块"), max_length=30)
    node_name = models.CharField(_("环节名称"), max_length=100)
    name = models.CharField(_("清单"), max_length=30)
    checked = models.JSONField(_("已勾选"), default=list)
    missing = models.JSONField(_("未勾选"), default=list)
    action = models.CharField(_("办理结果"), max_length=12)
    note = models.CharField(_("检查说明"), max_length=500, blank=True, default="")
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("检查人"),
    )
    created_at = models.DateTimeField(_("检查时间"), default=timezone.now)

    class Meta:
        verbose_name = _("检查清单结果")
        verbose_name_plural = _("检查清单结果")
        indexes = [models.Index(fields=["agency", "created_at"], name="flow_checklist_recent")]

    def __str__(self) -> str:
        return f"{self.name}（{self.node_name}）"

    @property
    def passed(self) -> bool:
        return not self.missing
