"""Infrastructure tables: numbering sequences, the working-calendar overrides and the
scheduler's bookkeeping. ``core`` sits below ``org``, so agencies are referred to by id."""

import functools
from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


@functools.cache
def _labels(field: models.Field) -> dict[Any, Any]:
    """A field's choices as a dictionary, the labels kept lazy (translated when shown)."""
    return dict(make_hashable(field.flatchoices))


class ChoiceLabels:
    """``get_<field>_display()`` as one dictionary lookup (issue 9). Django's builds the
    dictionary of every choice, translating each label to hash it, on each call — about
    60 µs, 40–60 times on a register page. For models whose choices are fixed in code."""

    def _get_FIELD_display(self, field: models.Field) -> str:
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class Sequence(models.Model):
    """A gap-free counter per (agency, kind, year): 收文编号, 发文字号 of one category, …

    Incremented inside the caller's transaction (see ``sequences.sequence_next``), so a
    rolled-back registration gives its number back and numbers stay gap-free."""

    agency_id = models.BigIntegerField(_("机关"))
    kind = models.CharField(_("编号类别"), max_length=64)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_value = models.PositiveIntegerField(_("当前值"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        constraints = [
            models.UniqueConstraint(
                fields=["agency_id", "kind", "year"], name="sequence_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_value}"


class WorkdayOverride(models.Model):
    """An administrator's word on one date; consulted before ``chinese_calendar``.

    Used for years the package does not know yet and for local arrangements."""

    day = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)
    updated_by_id = models.BigIntegerField(_("修改人"), null=True, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作日历调整")
        verbose_name_plural = _("工作日历调整")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'上班' if self.is_workday else '休息'}"


class ScheduledRun(models.Model):
    """When a periodic job was last enqueued, shared by every scheduler process."""

    name = models.CharField(_("任务"), max_length=200, unique=True)
    last_run_at = models.DateTimeField(_("上次运行"))

    class Meta:
        verbose_name = _("定时任务记录")
        verbose_name_plural = _("定时任务记录")

    def __str__(self) -> str:
        return self.name
