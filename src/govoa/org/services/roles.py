"""Roles and clearance, as the security administrator grants them."""

from collections.abc import Iterable

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import ValidationFailed
from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Classification, Role
from govoa.org.models import Department, Person, RoleAssignment, RoleScopeKind
from govoa.org.policies import can_grant_roles, can_revoke_roles, can_set_clearance
from govoa.org.services.credentials import credentials_revoke

ADMIN_ROLE_BY_COMMAND_LINE = (
    "“三员”角色只能由平台运维人员在命令行设置（govoa admin-role），不能在系统内授予或收回。"
)
ADMIN_HOLDS_NO_BUSINESS_ROLE = "“三员”账户不能担任业务角色。"


def _validate_scope(person: Person, scope: str, departments: list[Department]) -> None:
    if scope not in RoleScopeKind.values:
        raise ValidationFailed(fields={"scope": ["范围无效。"]})
    if scope == RoleScopeKind.DEPARTMENTS and not departments:
        raise ValidationFailed(fields={"departments": ["请至少选择一个部门。"]})
    if any(d.agency_id != person.agency_id for d in departments):
        raise ValidationFailed(fields={"departments": ["只能选择本机关的部门。"]})


def _covers(scope: str, departments: list[Department], held: RoleAssignment) -> bool:
    """Whether the new scope covers all that ``held`` covered."""
    if scope == RoleScopeKind.AGENCY:
        return True
    if held.scope == RoleScopeKind.AGENCY:
        return False
    return {d.pk for d in held.departments.all()} <= {d.pk for d in departments}


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
    if role in SECURITY_ADMIN_ROLES:
        raise audit_denied(
            action="org.role.grant", actor=actor, obj=person, reason=ADMIN_ROLE_BY_COMMAND_LINE
        )
    if not can_grant_roles(actor, person):
        raise audit_denied(
            action="org.role.grant",
            actor=actor,
            obj=person,
            reason="只有本机关安全保密管理员可以授予角色，不能给自己授权，也不能给“三员”授予业务角色。",
        )
    department_list = list(departments) if scope == RoleScopeKind.DEPARTMENTS else []
    _validate_scope(person, scope, department_list)
    with transaction.atomic():
        # Lock the person so that two grants to one person are decided one after the other.
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.security_admin_role is not None:  # made one of the 三员 meanwhile
            raise ValidationFailed(ADMIN_HOLDS_NO_BUSINESS_ROLE, fields={"role": ["角色冲突。"]})
        assignment, created = RoleAssignment.objects.get_or_create(
            person=person, role=role, defaults={"scope": scope, "granted_by": actor}
        )
        before = (
            None
            if created
            else {
                "scope": assignment.scope,
                "departments": sorted(d.name for d in assignment.departments.all()),
            }
        )
        narrower = not created and not _covers(scope, department_list, assignment)
        assignment.scope = scope
        assignment.granted_by = actor
        assignment.save(update_fields=["scope", "granted_by"])
        assignment.departments.set(department_list)
        person.forget_roles()
        if narrower:
            credentials_revoke(person)  # part of a role is lost
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
    if role in SECURITY_ADMIN_ROLES:
        raise audit_denied(
            action="org.role.revoke", actor=actor, obj=person, reason=ADMIN_ROLE_BY_COMMAND_LINE
        )
    if not can_revoke_roles(actor, person):
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
            credentials_revoke(person)
            audit_record(action="org.role.revoke", actor=actor, obj=person, details={"role": role})


def clearance_set(*, actor: Person, person: Person, clearance: int) -> Person:
    if clearance not in Classification.values:
        raise ValidationFailed(fields={"clearance": ["涉密等级无效。"]})
    if not can_set_clearance(actor, person):
        raise audit_denied(
            action="org.person.clearance",
            actor=actor,
            obj=person,
            reason="只有本机关安全保密管理员可以设置涉密等级，不能设置自己的，也不能设置“三员”的。",
        )
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        old = person.clearance
        if old == clearance:
            return person
        person.clearance = clearance
        person.save(update_fields=["clearance", "updated_at"])
        if clearance < old:
            credentials_revoke(person)
        audit_record(
            action="org.person.clearance",
            actor=actor,
            obj=person,
            details={
                "clearance": [str(Classification(old).label), str(Classification(clearance).label)]
            },
        )
    return person
