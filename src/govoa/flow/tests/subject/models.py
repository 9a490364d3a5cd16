from django.conf import settings
from django.db import models

from govoa.core.vocabulary import Classification


class Memo(models.Model):
    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, verbose_name="机关")
    title = models.CharField("标题", max_length=200)
    number = models.CharField("编号", max_length=50, blank=True)
    classification = models.IntegerField("密级", default=Classification.NONE)
    urgent = models.BooleanField("紧急", default=False)
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="拟稿人"
    )
    drafting_department = models.ForeignKey(
        "org.Department", on_delete=models.CASCADE, related_name="+", verbose_name="拟稿部门"
    )
    countersign_departments = models.ManyToManyField(
        "org.Department", blank=True, related_name="+", verbose_name="会签部门"
    )
    circulation = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="传阅人员"
    )
    deadline = models.DateField("限办日期", null=True, blank=True)
    status = models.CharField("状态", max_length=30, default="draft")
    events = models.JSONField("钩子记录", default=list)

    class Meta:
        verbose_name = "测试件"
        verbose_name_plural = "测试件"

    def __str__(self) -> str:
        return self.title
