"""Who may do what with the organisation data. Every check of ``org`` goes through here.

三员 (DESIGN §1): the system administrator manages accounts and the structure but grants no
roles or clearance; the security administrator grants roles and clearance; the audit
administrator only reads the audit log."""

from django.db.models import Q

from govoa.core.vocabulary import Role
from govoa.org.models import Agency, Person


def _is(person: Person, role: Role, agency_id: int) -> bool:
    return person.is_active and person.agency_id == agency_id and person.has_role(role)


def can_manage_structure(person: Person, agency: Agency) -> bool:
    """Agency details, departments, the working calendar."""
    return _is(person, Role.SYS_ADMIN, agency.pk)


def can_manage_accounts(person: Person, agency: Agency) -> bool:
    """Create people, edit their details, change status, reset passwords, import."""
    return _is(person, Role.SYS_ADMIN, agency.pk)


def can_edit_person(person: Person, target: Person) -> bool:
    """The system administrator edits ordinary accounts only: the other two of the 三员 are
    out of their reach (else they could take those accounts over). Those are reset from the
    command line (``govoa reset-admin-password``)."""
    return (
        target.pk != person.pk
        and target.security_admin_role is None
        and _is(person, Role.SYS_ADMIN, target.agency_id)
    )


def can_grant_roles(person: Person, target: Person) -> bool:
    """Only the security administrator, and never to themselves."""
    return target.pk != person.pk and _is(person, Role.SEC_ADMIN, target.agency_id)


can_set_clearance = can_grant_roles


def can_manage_delegation(person: Person, principal: Person) -> bool:
    if not person.is_active or person.agency_id != principal.agency_id:
        return False
    return person.pk == principal.pk or person.has_role(Role.SYS_ADMIN)


def can_see_admin_console(person: Person) -> bool:
    return person.is_active and (person.has_role(Role.SYS_ADMIN) or person.has_role(Role.SEC_ADMIN))


def people_visible_q(person: Person) -> Q:
    """The directory: everyone of one's own agency."""
    return Q(agency_id=person.agency_id)


def departments_visible_q(person: Person) -> Q:
    return Q(agency_id=person.agency_id)


def supervised_department_ids(person: Person) -> frozenset[int] | None:
    """The departments the person heads (部门负责人) or supervises (分管领导): their
    documents are in the person's 知悉范围. ``None`` when either role is agency-wide."""
    ids: set[int] = set()
    for role in (Role.DEPT_HEAD, Role.LEADER_DEPUTY):
        held = person.role_scopes().get(role)
        if held is None:
            continue
        if held.agency_wide:
            return None
        ids |= held.department_ids
    return frozenset(ids)
