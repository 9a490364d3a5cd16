"""Who may do what with the organisation data. Every check of ``org`` goes through here.

三员 (DESIGN §1): the system administrator manages accounts and the structure but grants no
roles or clearance; the security administrator grants roles and clearance; the audit
administrator only reads the audit log. None of the three takes part in the business: they
hold no business role, no clearance that matters and no delegation, and never see a document
(``may_handle_business``, ``security_admins_q``)."""

from django.db.models import Q

from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Role
from govoa.org.models import Agency, Person, RoleAssignment


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


def may_handle_business(person: Person) -> bool:
    """Whether the person may see and handle business documents and work (收文, 发文, work
    items, 代理): active and not one of the 三员 — whatever roles, clearance or delegations
    were written for a 三员 account. Every business visibility and acting rule starts here."""
    return person.is_active and person.security_admin_role is None


def security_admins_q(field: str = "pk") -> Q:
    """Rows whose ``field`` is the id of one of the 三员: what pick lists, routing and
    delegations exclude."""
    admins = RoleAssignment.objects.filter(role__in=sorted(SECURITY_ADMIN_ROLES))
    return Q(**{f"{field}__in": admins.values("person_id")})


def can_grant_roles(person: Person, target: Person) -> bool:
    """Only the security administrator, never to themselves, and never to one of the 三员:
    a 三员 account holds its one 三员 role and nothing else (no business role, no clearance).
    The 三员 roles themselves are set only from the command line (``govoa admin-role``)."""
    return target.security_admin_role is None and can_revoke_roles(person, target)


def can_revoke_roles(person: Person, target: Person) -> bool:
    """Taking a business role away is the security administrator's, from anyone else of the
    agency — the 三员 included, so that a row written around the services can be removed."""
    return target.pk != person.pk and _is(person, Role.SEC_ADMIN, target.agency_id)


can_set_clearance = can_grant_roles


def can_revoke_delegation(person: Person, principal: Person) -> bool:
    """The principal, or the system administrator of the agency."""
    if not person.is_active or person.agency_id != principal.agency_id:
        return False
    return person.pk == principal.pk or person.has_role(Role.SYS_ADMIN)


def can_manage_delegation(person: Person, principal: Person) -> bool:
    """Setting a 代理: as for revoking one, but a 三员 is never a principal (that the
    delegate is no 三员 either is checked by the service, which names the field)."""
    return may_handle_business(principal) and can_revoke_delegation(person, principal)


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
