"""The engine's vocabulary: node kinds, actions, statuses (no database access here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NodeKind(models.TextChoices):
    TASK = "task", _("办理")  # one handler acts (any one of the candidates)
    PARALLEL = "parallel", _("并行")  # 会签/协办: completes when all have acted
    NOTICE = "notice", _("知会")  # 传阅/抄送: readers mark 已阅; does not block
    END = "end", _("结束")


class Action(models.TextChoices):
    APPROVE = "approve", _("同意")
    DISAGREE = "disagree", _("不同意")
    REJECT = "reject", _("否决")
    RETURN = "return", _("退回")
    FORWARD = "forward", _("转办")
    ADD_SIGNER = "add_signer", _("加签")
    READ = "read", _("已阅")
    WITHDRAW = "withdraw", _("收回")


# Actions a template may allow on a node, by kind. WITHDRAW is the sender's, not the node's.
ACTIONS_BY_KIND = {
    NodeKind.TASK: [
        Action.APPROVE,
        Action.DISAGREE,
        Action.REJECT,
        Action.RETURN,
        Action.FORWARD,
        Action.ADD_SIGNER,
    ],
    NodeKind.PARALLEL: [
        Action.APPROVE,
        Action.DISAGREE,
        Action.REJECT,
        Action.RETURN,
        Action.FORWARD,
        Action.ADD_SIGNER,
    ],
    NodeKind.NOTICE: [Action.READ],
    NodeKind.END: [],
}
# Acts that move an item to done and count towards completing the node.
COMPLETING_ACTIONS = {Action.APPROVE, Action.DISAGREE}
# Acts that need a written reason.
REASON_REQUIRED = {Action.REJECT, Action.RETURN, Action.FORWARD, Action.DISAGREE}


class AssignKind(models.TextChoices):
    ROLE = "role", _("按角色")
    CHOSEN = "chosen", _("由上一步办理人选择")
    FIELD = "field", _("按文件中的人员")
    INITIATOR = "initiator", _("发起人")


class InstanceStatus(models.TextChoices):
    RUNNING = "running", _("办理中")
    COMPLETED = "completed", _("已办结")
    REJECTED = "rejected", _("已否决")
    CANCELLED = "cancelled", _("已撤销")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("待办")
    DONE = "done", _("已办")
    FORWARDED = "forwarded", _("已转办")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已收回")
    CANCELLED = "cancelled", _("已取消")


class ItemGroup(models.TextChoices):
    MAIN = "main", _("本环节")
    ADDED = "added", _("加签")


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已停用")


class TrailEvent(models.TextChoices):
    """What the 办理过程 records besides the acts on items (``Action``)."""

    START = "start", _("发起")
    CANCEL = "cancel", _("撤销")
    RESCHEDULE = "reschedule", _("批准延期")
    NOTE = "note", _("记录")  # a module's act beside the engine's; its verb in the details


class ReminderKind(models.TextChoices):
    MANUAL = "manual", _("人工催办")
    DUE_SOON = "due_soon", _("到期提醒")
    OVERDUE = "overdue", _("超期提醒")
    ESCALATION = "escalation", _("超期上报")


class Channel(models.TextChoices):
    SYSTEM = "system", _("系统消息")
    EMAIL = "email", _("邮件")
    SMS = "sms", _("短信")
    PHONE = "phone", _("电话")
