"""督办 vocabulary: where a task came from, its lifecycle, the statuses shown at a glance (no
database access)."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

TASK_FLOW = "supervision_task"
EXTENSION_FLOW = "supervision_extension"
# 即将到期: so many days or fewer before the deadline.
DUE_SOON_DAYS = 3


class SourceKind(models.TextChoices):
    INSTRUCTION = "instruction", _("领导批示")
    RESOLUTION = "resolution", _("会议议定事项")
    ASSIGNMENT = "assignment", _("直接交办")


class TaskStatus(models.TextChoices):
    """Where the task is in its flow (set by the flow's nodes)."""

    CONFIRMING = "confirming", _("待承办人确认")
    SIGNING = "signing", _("待交办人签认")
    IN_PROGRESS = "in_progress", _("办理中")
    ACCEPTING = "accepting", _("待验收")
    COMPLETED = "completed", _("已完成")
    CANCELLED = "cancelled", _("已撤销")


STATUS_BY_NODE = {
    "confirm": TaskStatus.CONFIRMING,
    "sign": TaskStatus.SIGNING,
    "execute": TaskStatus.IN_PROGRESS,
    "accept": TaskStatus.ACCEPTING,
}
NOT_STARTED = (TaskStatus.CONFIRMING, TaskStatus.SIGNING)
UNDER_WAY = (TaskStatus.IN_PROGRESS, TaskStatus.ACCEPTING)
CLOSED = (TaskStatus.COMPLETED, TaskStatus.CANCELLED)


class Glance(models.TextChoices):
    """The status shown at a glance (督办台账): derived from the flow status and the dates."""

    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
    COMPLETED = "completed", _("已完成")
    EXTENDED = "extended", _("已延期")
    CANCELLED = "cancelled", _("已撤销")


def glance(status: str, deadline: datetime.date, extended: bool, today: datetime.date) -> Glance:
    if status == TaskStatus.COMPLETED:
        return Glance.COMPLETED
    if status == TaskStatus.CANCELLED:
        return Glance.CANCELLED
    if status in NOT_STARTED:
        return Glance.NOT_STARTED
    if deadline < today:
        return Glance.OVERDUE
    if (deadline - today).days <= DUE_SOON_DAYS:
        return Glance.DUE_SOON
    return Glance.EXTENDED if extended else Glance.IN_PROGRESS


class ReportKind(models.TextChoices):
    PERIODIC = "periodic", _("进展汇报")
    FINAL = "final", _("办结报告")


class ExtensionDecision(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("同意延期")
    REFUSED = "refused", _("不同意延期")


def week_param(raw: str, today: datetime.date) -> datetime.date:
    """The Monday of the week ``?week=`` names (YYYY-MM-DD); today's week for anything else,
    a date out of 2000–2100 included (a week at the end of the calendar has no next week)."""
    try:
        day = datetime.date.fromisoformat(raw) if raw else today
    except ValueError:
        day = today
    if not 2000 <= day.year <= 2100:
        day = today
    return day - datetime.timedelta(days=day.weekday())
