"""Vocabularies every app shares: the roles of DESIGN §1 and the 密级 levels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REGISTRAR = "registrar", _("收发员")
    DRAFTER = "drafter", _("拟稿人")
    DEPT_HEAD = "dept_head", _("处室负责人")
    OFFICE_HEAD = "office_head", _("办公室主任")
    REVIEWER = "reviewer", _("核稿人")
    PROOFREADER = "proofreader", _("校对员")
    LEADER_DEPUTY = "leader_deputy", _("分管领导")
    LEADER_PRINCIPAL = "leader_principal", _("主要领导")
    ARCHIVIST = "archivist", _("档案员")
    SEAL_KEEPER = "seal_keeper", _("印章管理员")
    SUPPLIES_KEEPER = "supplies_keeper", _("物品管理员")
    SYS_ADMIN = "sys_admin", _("系统管理员")
    SEC_ADMIN = "sec_admin", _("安全保密管理员")
    AUDIT_ADMIN = "audit_admin", _("安全审计员")


# 三员: one person may hold at most one of them.
SECURITY_ADMIN_ROLES = frozenset({Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDIT_ADMIN})


class Classification(models.IntegerChoices):
    """密级, ordered so that a clearance covers every level up to its own.

    Names follow the official English of the Law on Guarding State Secrets."""

    NONE = 0, _("非密")
    INTERNAL = 1, _("内部")
    SECRET = 2, _("秘密")
    HIGHLY_SECRET = 3, _("机密")
    TOP_SECRET = 4, _("绝密")
