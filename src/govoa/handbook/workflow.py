"""Vocabularies of 制度与学习 (lowercase values, Chinese labels)."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

REVISION_FLOW = "rule_revision"
DUTIES_FLOW = "post_duties"  # a new 岗位职责清单, approved like a rule revision
# A clause reference a flow node may carry: "<rule code>#<clause number>".
CLAUSE_REF = re.compile(r"^([a-z][a-z0-9-]{1,39})#([1-9][0-9]{0,3})$")
# 每月政治理论、政策法规学习：1–2 篇 (the standard).
STUDY_TARGET = 1


class RuleCategory(models.TextChoices):
    DOCUMENTS = "documents", _("公文处理")
    MEETINGS = "meetings", _("会议管理")
    HANDBOOK = "handbook", _("办公室工作手册")
    RETENTION = "retention", _("保管期限表")
    OTHER = "other", _("其他")


class RuleStatus(models.TextChoices):
    DRAFT = "draft", _("未发布")
    CURRENT = "current", _("现行")
    REPEALED = "repealed", _("废止")


class VersionKind(models.TextChoices):
    REVISE = "revise", _("制定或修订")
    REPEAL = "repeal", _("废止")


class VersionStatus(models.TextChoices):
    REVIEWING = "reviewing", _("审批中")
    PUBLISHED = "published", _("现行版本")
    SUPERSEDED = "superseded", _("已被替代")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已撤销")


VERSION_STATUS_BY_END = {
    "rejected": VersionStatus.REJECTED,
    "cancelled": VersionStatus.CANCELLED,
}


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出席")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席")


def clauses_of(body: str) -> list[str]:
    """A version's clauses: its non-empty lines, numbered from 1 (第一条 …)."""
    return [line.strip() for line in body.splitlines() if line.strip()]
