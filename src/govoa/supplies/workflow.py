"""Vocabularies of 办公用品: kinds of stock movement and the statuses of plans, purchases and
stocktakes (lowercase values, Chinese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    STOCK_IN = "stock_in", _("入库")
    ISSUE = "issue", _("领用")
    ADJUST = "adjust", _("盘点调整")


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", _("月度")
    QUARTERLY = "quarterly", _("季度")


class RequisitionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEWING = "reviewing", _("办公室审核中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已撤销")


class PurchaseStatus(models.TextChoices):
    ORDERED = "ordered", _("已采购待验收")
    RECEIVED = "received", _("已验收入库")


class StocktakeStatus(models.TextChoices):
    COUNTING = "counting", _("盘点中")
    REVIEWING = "reviewing", _("审批中")
    APPROVED = "approved", _("已批准调整")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已撤销")


REQUISITION_STATUS_BY_END = {
    "completed": RequisitionStatus.APPROVED,
    "rejected": RequisitionStatus.REJECTED,
    "cancelled": RequisitionStatus.CANCELLED,
}
STOCKTAKE_STATUS_BY_END = {
    "completed": StocktakeStatus.APPROVED,
    "rejected": StocktakeStatus.REJECTED,
    "cancelled": StocktakeStatus.CANCELLED,
}
