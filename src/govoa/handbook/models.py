"""制度与学习: the rules library (制度 with their versions, approved on the flow engine), the
post duty lists (岗位职责, versioned, held through role assignments) and the learning records
(monthly policy study, training sessions with attendance)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from govoa.core.models import TimeStampedModel
from govoa.core.vocabulary import Role
from govoa.handbook.workflow import (
    AttendanceStatus,
    RuleCategory,
    RuleStatus,
    VersionKind,
    VersionStatus,
    clauses_of,
)
from govoa.org.fields import person_field
from govoa.org.models import Agency, Department


def _agency() -> models.ForeignKey:
    return models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("机关")
    )


class Rule(TimeStampedModel):
    """A regulation of the agency (公文处理办法, 会议管理规定, 办公室工作手册, 保管期限表 …)."""

    agency = _agency()
    code = models.CharField(
        _("制度代码"),
        max_length=40,
        help_text=_("小写字母开头，用于流程环节引用条款，如 gongwen#12"),
    )
    title = models.CharField(_("制度名称"), max_length=200)
    category = models.CharField(_("类别"), max_length=12, choices=RuleCategory.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=RuleStatus.choices, default=RuleStatus.DRAFT
    )
    current = models.ForeignKey(
        "RuleVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("现行版本"),
    )

    class Meta:
        verbose_name = _("制度")
        verbose_name_plural = _("制度")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="handbook_rule_code_once")
        ]
        indexes = [models.Index(fields=["agency", "category", "title"])]

    def __str__(self) -> str:
        return self.title


class RuleVersion(TimeStampedModel):
    """One revision of a rule (or its 废止), with who asked and who approved it."""

    rule = models.ForeignKey(
        Rule, on_delete=models.PROTECT, related_name="versions", verbose_name=_("制度")
    )
    kind = models.CharField(
        _("事项"), max_length=8, choices=VersionKind.choices, default=VersionKind.REVISE
    )
    version = models.CharField(_("版本"), max_length=30)
    effective_on = models.DateField(_("生效日期"))
    body = models.TextField(_("正文"), blank=True, help_text=_("每行一条"))
    change_note = models.CharField(_("修订说明"), max_length=300)
    status = models.CharField(
        _("状态"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.REVIEWING
    )
    requester = person_field(_("提请人"))
    approved_by = person_field(_("批准人"), null=True)
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("制度版本")
        verbose_name_plural = _("制度版本")
        indexes = [models.Index(fields=["rule", "-id"])]

    def __str__(self) -> str:
        return f"{self.rule}（{self.version}）"

    @property
    def clauses(self) -> list[str]:
        return clauses_of(self.body)


class Post(TimeStampedModel):
    """岗位: held by whoever holds its role (收发岗: 收发员 …); its duties are versioned."""

    agency = _agency()
    name = models.CharField(_("岗位名称"), max_length=50)
    role = models.CharField(_("对应角色"), max_length=20, choices=Role.choices)
    current = models.ForeignKey(
        "PostDutyVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("现行职责"),
    )

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [
            models.UniqueConstraint(fields=["agency", "role"], name="handbook_one_post_per_role")
        ]

    def __str__(self) -> str:
        return self.name


class PostDutyVersion(models.Model):
    """A duty list drafted by the office head and approved on the engine (``post_duties``);
    numbered when it is published (第 n 版), so only published lists carry a number."""

    post = models.ForeignKey(
        Post, on_delete=models.PROTECT, related_name="versions", verbose_name=_("岗位")
    )
    number = models.PositiveIntegerField(_("版本号"), null=True, blank=True)
    duties = models.TextField(_("职责"), help_text=_("每行一项"))
    effective_on = models.DateField(_("生效日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.REVIEWING
    )
    recorded_by = person_field(_("拟定人"))
    recorded_at = models.DateTimeField(_("提交时间"))
    approved_by = person_field(_("批准人"), null=True)
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("岗位职责版本")
        verbose_name_plural = _("岗位职责版本")
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="handbook_duty_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.post} 第{self.number}版"

    @property
    def lines(self) -> list[str]:
        return clauses_of(self.duties)


class StudyEntry(models.Model):
    """One document studied in a month (政策理论学习: 每月 1–2 篇)."""

    agency = _agency()
    person = person_field(_("学习人"))
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("部门"),
    )
    studied_on = models.DateField(_("学习日期"))
    title = models.CharField(_("学习文件"), max_length=200)
    rule = models.ForeignKey(
        Rule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("制度"),
    )
    note = models.CharField(_("学习体会"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("学习记录")
        verbose_name_plural = _("学习记录")
        # The lists' order (``core.paging.newest_first``), per person and per department.
        indexes = [
            models.Index(fields=["person", "-created_at", "-id"]),
            models.Index(fields=["department", "-created_at", "-id"]),
            models.Index(fields=["agency", "-created_at", "-id"]),  # the office's whole record
            models.Index(fields=["person", "studied_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.title}"


class TrainingSession(models.Model):
    """培训 (公文写作, 会议组织 …) with its attendance."""

    agency = _agency()
    title = models.CharField(_("培训名称"), max_length=200)
    topic = models.CharField(_("主题"), max_length=50)
    held_on = models.DateField(_("培训日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    organiser = person_field(_("组织人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        indexes = [models.Index(fields=["agency", "-held_on", "-id"])]

    def __str__(self) -> str:
        return self.title


class TrainingAttendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("培训")
    )
    person = person_field(_("人员"))
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("部门"),
    )
    status = models.CharField(_("出席情况"), max_length=8, choices=AttendanceStatus.choices)
    note = models.CharField(_("培训小结"), max_length=200, blank=True)
    recorded_by = person_field(_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("培训出席")
        verbose_name_plural = _("培训出席")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="handbook_attend_once")
        ]
        indexes = [
            models.Index(fields=["person", "-id"]),
            models.Index(fields=["department", "-id"]),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.person}"


class StudyReminder(models.Model):
    """A month someone was reminded of having no study entry: once per person and month."""

    person = person_field(_("人员"))
    month = models.DateField(_("月份"))
    sent_at = models.DateTimeField(_("提醒时间"))

    class Meta:
        verbose_name = _("学习提醒")
        verbose_name_plural = _("学习提醒")
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="handbook_remind_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m}"
