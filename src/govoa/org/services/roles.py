"""Roles and clearance, as the security administrator grants them."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import ValidationFailed
from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Classification, Role
from govoa.org.models import Department, Person, RoleAssignment, RoleScopeKind
from govoa.org.policies import can_grant_roles, can_set_clearance

SECURITY_ADMIN_CONFLICT = (
    "“三员”互斥：{name}已担任{held}，不能再担任{role}。"
    "系统管理员、安全保密管理员、安全审计员须由不同人员担任。"
)


def _validate_scope(person: Person, scope: str, departments: list[Department]) -> None:
    if scope not in RoleScopeKind.values:
        raise ValidationFailed(fields={"scope": ["范围无效。"]})
    if scope == RoleScopeKind.DEPARTMENTS and not departments:
        raise ValidationFailed(fields={"departments": ["请至少选择一个部门。"]})
    if any(d.agency_id != person.agency_id for d in departments):
        raise ValidationFailed(fields={"departments": ["只能选择本机关的部门。"]})


def role_grant(
    *,
    actor: Person,
    person: Person,
    role: str,
    scope: str = RoleScopeKind.AGENCY,
    departments: Iterable[Department] = (),
) -> RoleAssignment:
    """Give ``person`` the ``role`` (or change its scope if they hold it already)."""
    if role not in Role.values:
        raise ValidationFailed(fields={"role": ["角色无效。"]})
    if not can_grant_roles(actor, person):
        raise audit_denied(
            action="org.role.grant",
            actor=actor,
            obj=person,
            reason="只有本机关安全保密管理员可以授予角色，且不能给自己授权。",
        )
    department_list = list(departments) if scope == RoleScopeKind.DEPARTMENTS else []
    _validate_scope(person, scope, department_list)
    with transaction.atomic():
        # Lock the person so that two grants to one person are decided one after the other.
        person = Person.objects.select_for_update().get(pk=person.pk)
        if role in SECURITY_ADMIN_ROLES:
            held = person.security_admin_role
            if held and held != role:
                raise ValidationFailed(
                    SECURITY_ADMIN_CONFLICT.format(
                        name=person.real_name, held=Role(held).label, role=Role(role).label
                    ),
                    fields={"role": ["与已担任的“三员”角色冲突。"]},
                )
        try:
            with transaction.atomic():
                assignment, created = RoleAssignment.objects.get_or_create(
                    person=person, role=role, defaults={"scope": scope, "granted_by": actor}
                )
        except IntegrityError as exc:  # the database's own guard on 三员
            raise ValidationFailed(
                "“三员”互斥：该人员已担任另一个管理员角色。", fields={"role": ["角色冲突。"]}
            ) from exc
        before = (
            None
            if created
            else {
                "scope": assignment.scope,
                "departments": sorted(d.name for d in assignment.departments.all()),
            }
        )
        assignment.scope = scope
        assignment.granted_by = actor
        assignment.save(update_fields=["scope", "granted_by"])
        assignment.departments.set(department_list)
        person.forget_roles()
        audit_record(
            action="org.role.grant",
            actor=actor,
            obj=person,
            details={
                "role": role,
                "scope": scope,
                "departments": sorted(d.name for d in department_list),
                "before": before,
            },
        )
    return assignment


def role_revoke(*, actor: Person, person: Person, role: str) -> None:
    if not can_grant_roles(actor, person):
        raise audit_denied(
            action="org.role.revoke",
            actor=actor,
            obj=person,
            reason="只有本机关安全保密管理员可以收回角色，且不能修改自己的角色。",
        )
    with transaction.atomic():
        deleted, _ = RoleAssignment.objects.filter(person=person, role=role).delete()
        if deleted:
            person.forget_roles()
            audit_record(action="org.role.revoke", actor=actor, obj=person, details={"role": role})


def clearance_set(*, actor: Person, person: Person, clearance: int) -> Person:
    if clearance not in Classification.values:
        raise ValidationFailed(fields={"clearance": ["涉密等级无效。"]})
    if not can_set_clearance(actor, person):
        raise audit_denied(
            action="org.person.clearance",
            actor=actor,
            obj=person,
            reason="只有本机关安全保密管理员可以设置涉密等级，且不能设置自己的。",
        )
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        old = person.clearance
        if old == clearance:
            return person
        person.clearance = clearance
        person.save(update_fields=["clearance", "updated_at"])
        audit_record(
            action="org.person.clearance",
            actor=actor,
            obj=person,
            details={
                "clearance": [str(Classification(old).label), str(Classification(clearance).label)]
            },
        )
    return person
