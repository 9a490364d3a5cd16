"""发文 statuses and how the flow's nodes set them (no database access)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFTING = "drafting", _("拟稿")
    REVIEWING = "reviewing", _("审核")
    COUNTERSIGNING = "countersigning", _("会签")
    JOINT_SIGNING = "joint_signing", _("联署机关会签")
    CHECKING = "checking", _("核稿")
    LEGAL_REVIEW = "legal_review", _("法制审核")
    SIGNING = "signing", _("审签")
    RECHECKING = "rechecking", _("复核")
    NUMBERING = "numbering", _("登记编号")
    PROOFREADING = "proofreading", _("校对")
    PRINTING = "printing", _("印制")
    SEALING = "sealing", _("用印")
    DISTRIBUTING = "distributing", _("分发")
    ISSUED = "issued", _("已发出")
    REJECTED = "rejected", _("不予发文")
    CANCELLED = "cancelled", _("已撤销")


STATUS_BY_NODE = {
    "draft": Status.DRAFTING,
    "dept_review": Status.REVIEWING,
    "countersign": Status.COUNTERSIGNING,
    "joint_countersign": Status.JOINT_SIGNING,
    "office_review": Status.CHECKING,
    "legal_review": Status.LEGAL_REVIEW,
    "leader_sign": Status.SIGNING,
    "principal_sign": Status.SIGNING,
    "recheck": Status.RECHECKING,
    "number": Status.NUMBERING,
    "proofread": Status.PROOFREADING,
    "print": Status.PRINTING,
    "seal": Status.SEALING,
    "distribute": Status.DISTRIBUTING,
}
STATUS_BY_END = {
    "completed": Status.ISSUED,
    "rejected": Status.REJECTED,
    "cancelled": Status.CANCELLED,
}
# Nodes whose holder may edit the text (each save after submission is a version).
EDITING_NODES = {
    "draft",
    "dept_review",
    "office_review",
    "legal_review",
    "leader_sign",
    "principal_sign",
    "recheck",
}
SIGN_NODES = {"leader_sign", "principal_sign"}
# Nodes that work on the numbered document: none may pass while the number is voided.
NUMBERED_NODES = {"proofread", "print", "seal", "distribute"}


class Layout(models.TextChoices):
    STANDARD = "standard", _("文件格式")
    LETTER = "letter", _("信函格式")
    MINUTES = "minutes", _("纪要格式")
    ORDER = "order", _("命令格式")


class DistributionKind(models.TextChoices):
    INTERNAL = "internal", _("本机关部门")
    EXCHANGE = "exchange", _("平台内机关（公文交换）")
    EXTERNAL = "external", _("其他单位（纸质或机要）")
