"""The global search index: one row per record of every registered source (收文, 发文,
督办 …), kept current by background tasks after each commit (``indexing``)."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from govoa.core import search


class SearchEntry(models.Model):
    agency_id = models.BigIntegerField(_("机关"))
    source = models.CharField(_("来源"), max_length=20)
    object_id = models.BigIntegerField(_("记录"))
    classification = models.IntegerField(_("密级"), default=0)
    title = models.CharField(_("标题"), max_length=300)
    number = models.CharField(_("文号"), max_length=100, blank=True)
    department_id = models.BigIntegerField(_("部门"), null=True, blank=True)
    date = models.DateTimeField(_("日期"))
    text = models.TextField(_("正文及附件文字"), blank=True)
    # The attachments whose text ``text`` holds: unchanged files are not read again.
    file_ids = models.JSONField(_("附件"), default=list, blank=True)
    file_text = models.TextField(_("附件文字"), blank=True)
    search_text = models.TextField(_("检索词"), blank=True, default="", editable=False)
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("检索索引")
        verbose_name_plural = _("检索索引")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="search_entry_unique"),
        ]
        indexes = [
            models.Index(fields=["agency_id", "-date", "-id"], name="search_entry_recent"),
            # A department's entries of one source, newest first: a department head's
            # search walks it and stops at the cap (ADR 0021).
            models.Index(
                fields=["source", "department_id", "-date", "-id"],
                name="search_entry_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.object_id} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search.index_text((self.title, self.number, self.text))
        super().save(*args, **kwargs)
