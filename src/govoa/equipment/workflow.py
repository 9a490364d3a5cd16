"""Vocabularies of 设备与存储介质 (信息安全 四(三)): lowercase values, Chinese labels."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceKind(models.TextChoices):
    COMPUTER = "computer", _("计算机")
    PRINTER = "printer", _("打印机")
    USB_DRIVE = "usb_drive", _("U盘")
    PORTABLE_DISK = "portable_disk", _("移动硬盘")


REMOVABLE = frozenset({DeviceKind.USB_DRIVE, DeviceKind.PORTABLE_DISK})


class DeviceStatus(models.TextChoices):
    IN_USE = "in_use", _("在用")
    REPAIRING = "repairing", _("送修中")
    SCRAPPED = "scrapped", _("已报废")


class DisposalKind(models.TextChoices):
    REPAIR = "repair", _("送修")
    SCRAP = "scrap", _("报废")


class DisposalStatus(models.TextChoices):
    REVIEWING = "reviewing", _("审批中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已撤销")


class WipeMethod(models.TextChoices):
    OVERWRITE = "overwrite", _("多次覆写")
    DEGAUSS = "degauss", _("消磁")
    DESTROY = "destroy", _("物理销毁")
    REMOVE_DISK = "remove_disk", _("拆除存储部件留存")


DISPOSAL_STATUS_BY_END = {
    "completed": DisposalStatus.APPROVED,
    "rejected": DisposalStatus.REJECTED,
    "cancelled": DisposalStatus.CANCELLED,
}
# What an approved request does to the device, and from which statuses it may be asked.
DISPOSAL_TARGET = {
    DisposalKind.REPAIR: DeviceStatus.REPAIRING,
    DisposalKind.SCRAP: DeviceStatus.SCRAPPED,
}
DISPOSAL_FROM = {
    DisposalKind.REPAIR: {DeviceStatus.IN_USE},
    DisposalKind.SCRAP: {DeviceStatus.IN_USE, DeviceStatus.REPAIRING},
}
# 定期检查: a device not checked within this many days is overdue (quarterly).
CHECK_INTERVAL = datetime.timedelta(days=90)
DISPOSAL_TEMPLATE = "equipment_disposal"
