"""Agencies, their department trees, people (the user model), roles with scope, delegation."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govoa.core.fields import EncryptedCharField, EncryptedEmailField
from govoa.core.filenames import DEFAULT_PATTERN, validate_pattern
from govoa.core.models import ChoiceLabels, TimeStampedModel
from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Classification, Role


class Agency(TimeStampedModel):
    name = models.CharField(_("机关名称"), max_length=100, unique=True)
    short_name = models.CharField(_("规范化简称"), max_length=50)
    doc_code = models.CharField(
        _("发文机关代字"), max_length=20, help_text=_("用于发文字号，如“市发改”")
    )
    fonds_code = models.CharField(
        _("全宗号"),
        max_length=10,
        validators=[RegexValidator(r"^[A-Za-z0-9]{1,10}$", _("全宗号只能由字母和数字组成"))],
    )
    order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    file_name_pattern = models.CharField(
        _("电子文件命名规则"),
        max_length=100,
        default=DEFAULT_PATTERN,
        validators=[validate_pattern],
        help_text=_(
            "下载文件的命名规则：{主题}、{日期}、{版本} 必填，{文号} 可选，"
            "如“{文号}_{主题}_{日期}_V{版本}”"
        ),
    )

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Department(TimeStampedModel):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="departments", verbose_name=_("机关")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级部门"),
    )
    name = models.CharField(_("部门名称"), max_length=100)
    code = models.CharField(
        _("机构代码"),
        max_length=16,
        help_text=_("大写字母或数字，用于档号，如“BGS”"),
        validators=[RegexValidator(r"^[A-Z0-9]{2,16}$", _("机构代码应为 2–16 位大写字母或数字"))],
    )
    order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="department_code_unique"),
            models.UniqueConstraint(fields=["agency", "name"], name="department_name_unique"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="department_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("在职")
    TRANSFERRED = "transferred", _("调离")
    RETIRED = "retired", _("退休")


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields: Any) -> "Person":
        person = self.model(username=username.lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person


@dataclass(frozen=True)
class RoleScope:
    agency_wide: bool
    department_ids: frozenset[int]


class Person(ChoiceLabels, AbstractBaseUser):
    """A member of staff and the login account (AUTH_USER_MODEL).

    A person who is not 在职 is inactive: Django refuses their session on the next request and
    their API tokens stop working."""

    username = models.CharField(
        _("登录名"),
        max_length=64,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9_.-]{2,64}$", _("登录名应为 2–64 位小写字母、数字、点、下划线或连字符")
            )
        ],
    )
    real_name = models.CharField(_("姓名"), max_length=50)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="people", verbose_name=_("机关")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("部门"),
    )
    title = models.CharField(_("职务"), max_length=50, blank=True)
    rank_order = models.PositiveIntegerField(
        _("排序号"), default=1000, help_text=_("数字越小职级越高，用于排座次和排列名单")
    )
    clearance = models.IntegerField(
        _("涉密等级"), choices=Classification.choices, default=Classification.INTERNAL
    )
    # Personal information, stored SM4-encrypted (core/fieldcrypt.py, docs/security.md).
    phone = EncryptedCharField(_("电话"), max_length=30, blank=True)
    email = EncryptedEmailField(_("电子邮箱"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    # Login state, kept here because every request reads it; the rules live in ``accounts``.
    must_change_password = models.BooleanField(_("须修改密码"), default=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    failed_logins = models.PositiveSmallIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    # A directory account (``integration.directory``): its entry's DN; its password is the
    # directory's (checked by LDAP at login, no usable local one). Empty: a local account.
    directory_dn = models.CharField(_("目录条目"), max_length=255, blank=True, default="")
    # Raised by ``org.services.credentials.credentials_revoke``: ends every API token at once.
    token_generation = models.PositiveIntegerField(_("令牌代次"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PersonManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["real_name"]

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["rank_order", "pk"]
        indexes = [models.Index(fields=["agency", "department"], name="person_agency_dept")]

    def __str__(self) -> str:
        return self.real_name

    @property
    def is_active(self) -> bool:  # type: ignore[override]  # derived from 在职 status
        return self.status == PersonStatus.ACTIVE

    def get_full_name(self) -> str:
        return self.real_name

    def get_short_name(self) -> str:
        return self.real_name

    def role_scopes(self) -> dict[str, RoleScope]:
        """The roles in force, loaded once per instance (two queries).

        三员分立: the business roles of one of the 三员 do not count, however they were
        written (the services refuse to grant them; this is the one place every role check
        reads, so rows written around the services grant nothing either)."""
        cached: dict[str, RoleScope] | None = getattr(self, "_role_scopes", None)
        if cached is None:
            cached = {}
            for assignment in self.role_assignments.prefetch_related("departments"):
                cached[assignment.role] = RoleScope(
                    agency_wide=assignment.scope == RoleScopeKind.AGENCY,
                    department_ids=frozenset(d.pk for d in assignment.departments.all()),
                )
            if SECURITY_ADMIN_ROLES & set(cached):
                cached = {r: s for r, s in cached.items() if r in SECURITY_ADMIN_ROLES}
            self._role_scopes = cached
        return cached

    def forget_roles(self) -> None:
        self.__dict__.pop("_role_scopes", None)

    def has_role(self, role: Role | str, *, department_id: int | None = None) -> bool:
        """Whether the person holds ``role`` — over ``department_id`` when one is given."""
        scopes = self.role_scopes()
        if role == Role.DRAFTER and not SECURITY_ADMIN_ROLES & set(scopes):
            return True  # everyone but the 三员 drafts and handles items
        scope = scopes.get(role)
        if scope is None:
            return False
        return department_id is None or scope.agency_wide or department_id in scope.department_ids

    @property
    def security_admin_role(self) -> str | None:
        held = SECURITY_ADMIN_ROLES & set(self.role_scopes())
        return next(iter(held)) if held else None


class RoleScopeKind(models.TextChoices):
    AGENCY = "agency", _("全机关")
    DEPARTMENTS = "departments", _("指定部门")


class RoleAssignment(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("人员")
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    scope = models.CharField(
        _("范围"), max_length=12, choices=RoleScopeKind.choices, default=RoleScopeKind.AGENCY
    )
    departments = models.ManyToManyField(
        Department, blank=True, related_name="role_assignments", verbose_name=_("部门")
    )
    granted_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("授权人"),
    )
    granted_at = models.DateTimeField(_("授权时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="role_once_per_person"),
            # 三员 are mutually exclusive: at most one of them per person, also in the database.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(role__in=sorted(SECURITY_ADMIN_ROLES)),
                name="one_security_admin_role_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_role_display()}"


class DelegationQuerySet(models.QuerySet["Delegation"]):
    def overlapping(self, starts_on: datetime.date, ends_on: datetime.date) -> "DelegationQuerySet":
        """代理 not revoked and in force on some day from ``starts_on`` to ``ends_on``."""
        return self.filter(revoked_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on)

    def active_on(self, day: datetime.date | None = None) -> "DelegationQuerySet":
        """代理 in force on ``day`` (today by default) — the one definition of "active".
        Whether principal and delegate are still 在职 is for the caller, who knows which side
        matters."""
        day = day or timezone.localdate()
        return self.overlapping(day, day)


class Delegation(models.Model):
    """代理: while it runs, the principal's new work items go to the delegate."""

    principal = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="delegations_given",
        verbose_name=_("被代理人"),
    )
    delegate = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="delegations_received",
        verbose_name=_("代理人"),
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    reason = models.CharField(_("事由"), max_length=200)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("设置人")
    )
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("代理")
        verbose_name_plural = _("代理")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="delegation_dates"
            ),
            models.CheckConstraint(
                condition=~Q(principal=F("delegate")), name="delegation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} 代 {self.principal}（{self.starts_on}—{self.ends_on}）"
