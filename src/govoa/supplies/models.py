"""办公用品: the catalogue, the stock ledger (immutable movements, and one balance row per item
that is their running sum), requisition plans, purchases and stocktakes."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govoa.core.models import TimeStampedModel
from govoa.org.models import Agency, Department
from govoa.supplies.workflow import (
    MovementKind,
    PeriodKind,
    PurchaseStatus,
    RequisitionStatus,
    StocktakeStatus,
)

PERSON = settings.AUTH_USER_MODEL


class SupplyItem(TimeStampedModel):
    """One entry of the catalogue (物品目录)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    code = models.CharField(_("物品编码"), max_length=30)
    name = models.CharField(_("名称"), max_length=100)
    specification = models.CharField(_("规格型号"), max_length=100, blank=True)
    unit = models.CharField(_("计量单位"), max_length=10)
    category = models.CharField(_("类别"), max_length=30)
    safety_stock = models.PositiveIntegerField(_("安全库存"), default=0)
    location = models.CharField(_("存放位置"), max_length=60, blank=True)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("办公用品")
        verbose_name_plural = _("办公用品")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="supplies_item_code_unique")
        ]
        indexes = [models.Index(fields=["agency", "category", "name"])]

    def __str__(self) -> str:
        spec = f"（{self.specification}）" if self.specification else ""
        return f"{self.name}{spec}"


class StockBalance(models.Model):
    """The item's balance, kept equal to the sum of its movements by the one function that
    appends a movement (``services.ledger.movement_append``). The CHECK is the last guard:
    the conditional UPDATE refuses first, with a message."""

    item = models.OneToOneField(
        SupplyItem,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="balance",
        verbose_name=_("物品"),
    )
    quantity = models.IntegerField(_("结存数量"), default=0)

    class Meta:
        verbose_name = _("库存结存")
        verbose_name_plural = _("库存结存")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="supplies_balance_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}：{self.quantity}"


class Requisition(TimeStampedModel):
    """申领计划: a department's monthly or quarterly plan, reviewed by the office."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("申领部门")
    )
    requester = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("申领人")
    )
    period_kind = models.CharField(
        _("计划类型"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTHLY
    )
    period = models.CharField(_("计划期间"), max_length=7, help_text=_("如 2026-12 或 2026-Q4"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RequisitionStatus.choices, default=RequisitionStatus.DRAFT
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批准人"),
    )
    purchase = models.ForeignKey(
        "Purchase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requisitions",
        verbose_name=_("汇总采购"),
    )

    class Meta:
        verbose_name = _("申领计划")
        verbose_name_plural = _("申领计划")
        indexes = [
            models.Index(fields=["agency", "-id"]),
            models.Index(fields=["department", "-id"]),
        ]

    def __str__(self) -> str:
        return f"{self.period} 申领计划"


class RequisitionLine(models.Model):
    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="lines", verbose_name=_("申领计划")
    )
    item = models.ForeignKey(
        SupplyItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("物品")
    )
    quantity = models.PositiveIntegerField(_("申领数量"))
    issued = models.PositiveIntegerField(_("已领数量"), default=0)

    class Meta:
        verbose_name = _("申领明细")
        verbose_name_plural = _("申领明细")
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "item"], name="supplies_requisition_item_unique"
            ),
            models.CheckConstraint(
                condition=Q(issued__lte=F("quantity")), name="supplies_line_issued_lte_quantity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"


class Purchase(TimeStampedModel):
    """采购记录: what was bought from whom at what price; 验收入库 turns it into stock."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    supplier = models.CharField(_("供应商"), max_length=100)
    ordered_on = models.DateField(_("采购日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=PurchaseStatus.choices, default=PurchaseStatus.ORDERED
    )
    created_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )
    received_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("验收人"),
    )
    received_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("采购记录")
        verbose_name_plural = _("采购记录")
        indexes = [models.Index(fields=["agency", "-id"])]

    def __str__(self) -> str:
        return f"{self.ordered_on:%Y-%m-%d} {self.supplier}"


class PurchaseLine(models.Model):
    purchase = models.ForeignKey(
        Purchase, on_delete=models.CASCADE, related_name="lines", verbose_name=_("采购记录")
    )
    item = models.ForeignKey(
        SupplyItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("物品")
    )
    quantity = models.PositiveIntegerField(_("数量"))
    unit_price = models.DecimalField(_("单价（元）"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("采购明细")
        verbose_name_plural = _("采购明细")
        constraints = [
            models.UniqueConstraint(
                fields=["purchase", "item"], name="supplies_purchase_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"


class Stocktake(TimeStampedModel):
    """盘点: book quantities taken when it starts, counted quantities entered, and the
    differences adjusted only when the office approves."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    title = models.CharField(_("盘点名称"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=10, choices=StocktakeStatus.choices, default=StocktakeStatus.COUNTING
    )
    created_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("盘点人")
    )
    approved_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批准人"),
    )

    class Meta:
        verbose_name = _("盘点")
        verbose_name_plural = _("盘点")
        indexes = [models.Index(fields=["agency", "-id"])]

    def __str__(self) -> str:
        return self.title


class StocktakeLine(models.Model):
    stocktake = models.ForeignKey(
        Stocktake, on_delete=models.CASCADE, related_name="lines", verbose_name=_("盘点")
    )
    item = models.ForeignKey(
        SupplyItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("物品")
    )
    book_quantity = models.IntegerField(_("账面数量"))
    counted_quantity = models.PositiveIntegerField(_("实盘数量"), null=True, blank=True)

    class Meta:
        verbose_name = _("盘点明细")
        verbose_name_plural = _("盘点明细")
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "item"], name="supplies_count_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item}：账面 {self.book_quantity}，实盘 {self.counted_quantity}"

    @property
    def difference(self) -> int | None:
        if self.counted_quantity is None:
            return None
        return self.counted_quantity - self.book_quantity


class StockMovement(models.Model):
    """One line of the stock ledger (库存台账). Never changed or deleted: a correction is a
    new movement (盘点调整)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )
    item = models.ForeignKey(
        SupplyItem, on_delete=models.PROTECT, related_name="movements", verbose_name=_("物品")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=MovementKind.choices)
    quantity = models.IntegerField(_("数量"), help_text=_("入库为正，领用为负"))
    balance_after = models.IntegerField(_("结存"))
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("领用部门"),
    )
    receiver = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("领用人"),
    )
    requisition_line = models.ForeignKey(
        RequisitionLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("申领明细"),
    )
    purchase = models.ForeignKey(
        Purchase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("采购记录"),
    )
    stocktake = models.ForeignKey(
        Stocktake,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("盘点"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("库存变动")
        verbose_name_plural = _("库存变动")
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="supplies_movement_not_zero"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="supplies_movement_balance_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["item", "-id"]),
            models.Index(fields=["agency", "-id"]),
            models.Index(fields=["agency", "kind", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.item} {self.quantity:+d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("库存变动记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("库存变动记录不可删除。")
