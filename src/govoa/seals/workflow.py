"""Vocabularies of 印章管理 (lowercase values, Chinese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SealType(models.TextChoices):
    OFFICIAL = "official", _("公章")
    PARTY = "party", _("党组章")
    DEPARTMENT = "department", _("部门章")
    CONTRACT = "contract", _("合同章")
    STEEL = "steel", _("钢印")


class SealStatus(models.TextChoices):
    ACTIVE = "active", _("在用")
    SUSPENDED = "suspended", _("停用")
    SEALED_UP = "sealed_up", _("封存")
    DESTROYED = "destroyed", _("已销毁")


class UsageStatus(models.TextChoices):
    REVIEWING = "reviewing", _("审批中")
    APPROVED = "approved", _("已批准待用印")
    STAMPED = "stamped", _("已用印")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已撤销")


class ChangeKind(models.TextChoices):
    SUSPEND = "suspend", _("停用")
    SEAL_UP = "seal_up", _("封存")
    DESTROY = "destroy", _("销毁")
    RESTORE = "restore", _("恢复启用")


class ChangeStatus(models.TextChoices):
    REVIEWING = "reviewing", _("审批中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已撤销")


# What each change does to the seal, and from which statuses it may be asked.
CHANGE_TARGET = {
    ChangeKind.SUSPEND: SealStatus.SUSPENDED,
    ChangeKind.SEAL_UP: SealStatus.SEALED_UP,
    ChangeKind.DESTROY: SealStatus.DESTROYED,
    ChangeKind.RESTORE: SealStatus.ACTIVE,
}
CHANGE_FROM = {
    ChangeKind.SUSPEND: {SealStatus.ACTIVE},
    ChangeKind.SEAL_UP: {SealStatus.ACTIVE, SealStatus.SUSPENDED},
    ChangeKind.DESTROY: {SealStatus.ACTIVE, SealStatus.SUSPENDED, SealStatus.SEALED_UP},
    ChangeKind.RESTORE: {SealStatus.SUSPENDED, SealStatus.SEALED_UP},
}
USAGE_STATUS_BY_END = {
    "completed": UsageStatus.APPROVED,
    "rejected": UsageStatus.REJECTED,
    "cancelled": UsageStatus.CANCELLED,
}
CHANGE_STATUS_BY_END = {
    "completed": ChangeStatus.APPROVED,
    "rejected": ChangeStatus.REJECTED,
    "cancelled": ChangeStatus.CANCELLED,
}


def usage_template_code(seal_type: str) -> str:
    """Each seal type has its own approval template: who approves is template data."""
    return f"seal_usage_{seal_type}"
