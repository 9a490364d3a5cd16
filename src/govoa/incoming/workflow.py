"""收文 statuses and how the flow's nodes set them (no database access)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVING = "receiving", _("待签收")
    SCREENING = "screening", _("待初审")
    PROPOSING = "proposing", _("待拟办")
    INSTRUCTING = "instructing", _("待批办")
    ASSIGNING = "assigning", _("待分办")
    HANDLING = "handling", _("承办中")
    CO_HANDLING = "co_handling", _("协办中")
    COMPLETING = "completing", _("待办结")
    COMPLETED = "completed", _("已办结")
    RETURNED = "returned", _("已退文")
    CANCELLED = "cancelled", _("已撤销")


STATUS_BY_NODE = {
    "receive": Status.RECEIVING,
    "screen": Status.SCREENING,
    "propose": Status.PROPOSING,
    "instruct": Status.INSTRUCTING,
    "assign": Status.ASSIGNING,
    "handle": Status.HANDLING,
    "co_handle": Status.CO_HANDLING,
    "complete": Status.COMPLETING,
}
STATUS_BY_END = {
    "completed": Status.COMPLETED,
    "rejected": Status.RETURNED,
    "cancelled": Status.CANCELLED,
}
OPEN_STATUSES = [
    s for s in Status if s not in {Status.COMPLETED, Status.RETURNED, Status.CANCELLED}
]


class ProposalKind(models.TextChoices):
    READ = "read", _("阅知（仅传阅）")
    INSTRUCT = "instruct", _("批办（呈领导批示）")


class ExtensionDecision(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("同意延期")
    REFUSED = "refused", _("不同意延期")


# 文种 that ask for an answer (请示 → 批复, 函 → 复函); others only when marked 需答复.
ASKING_TYPES = frozenset({"request", "letter"})


class ReplyMethod(models.TextChoices):
    """答复方式 recorded at 办结 of a 收文 that asks for an answer."""

    DOCUMENT = "document", _("发文")
    PHONE = "phone", _("电话")
    IN_PERSON = "in_person", _("当面")
    NONE = "none", _("无需答复")
