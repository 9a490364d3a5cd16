import pytest
from django.db import IntegrityError, transaction

from govoa.audit.models import AuditEvent
from govoa.core.errors import PermissionDenied, ValidationFailed
from govoa.core.vocabulary import Classification, Role
from govoa.org.models import RoleAssignment, RoleScopeKind
from govoa.org.services.roles import clearance_set, role_grant, role_revoke
from govoa.org.services.setup import security_admin_role_set

ADMIN_ROLES = [Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDIT_ADMIN]


@pytest.mark.parametrize("first", ADMIN_ROLES)
@pytest.mark.parametrize("second", ADMIN_ROLES)
def test_one_person_holds_at_most_one_of_the_three_admin_roles(people, first, second):
    security_admin_role_set(username="staff", role=first)
    if first == second:
        security_admin_role_set(username="staff", role=second)  # idempotent
        assert RoleAssignment.objects.filter(person=people.staff).count() == 1
        return
    with pytest.raises(ValidationFailed) as excinfo:
        security_admin_role_set(username="staff", role=second)
    assert "三员" in excinfo.value.message
    assert "须由不同人员担任" in excinfo.value.message
    assert list(
        RoleAssignment.objects.filter(person=people.staff).values_list("role", flat=True)
    ) == [first]


def test_the_database_also_refuses_a_second_admin_role(people):
    RoleAssignment.objects.create(person=people.staff, role=Role.SYS_ADMIN)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(person=people.staff, role=Role.AUDIT_ADMIN)


def test_sys_admin_cannot_grant_roles_or_clearance(people):
    with pytest.raises(PermissionDenied):
        role_grant(actor=people.sys_admin, person=people.staff, role=Role.REGISTRAR)
    with pytest.raises(PermissionDenied):
        clearance_set(actor=people.sys_admin, person=people.staff, clearance=Classification.SECRET)
    assert not RoleAssignment.objects.filter(person=people.staff).exists()
    denied = AuditEvent.objects.filter(outcome="denied").values_list("action", flat=True)
    assert set(denied) == {"org.role.grant", "org.person.clearance"}


def test_audit_admin_and_ordinary_staff_cannot_grant(people):
    for actor in (people.audit_admin, people.dept_head, people.principal):
        with pytest.raises(PermissionDenied):
            role_grant(actor=actor, person=people.staff, role=Role.REGISTRAR)


def test_nobody_grants_themselves(people):
    with pytest.raises(PermissionDenied):
        role_grant(actor=people.sec_admin, person=people.sec_admin, role=Role.REGISTRAR)
    with pytest.raises(PermissionDenied):
        clearance_set(
            actor=people.sec_admin, person=people.sec_admin, clearance=Classification.TOP_SECRET
        )


def test_sec_admin_of_another_agency_cannot_grant(people, other_agency_person):
    from govoa.testing.factories import grant

    grant(other_agency_person, Role.SEC_ADMIN)
    with pytest.raises(PermissionDenied):
        role_grant(actor=other_agency_person, person=people.staff, role=Role.REGISTRAR)


def test_grant_with_department_scope_and_change_it(people):
    assignment = role_grant(
        actor=people.sec_admin,
        person=people.staff,
        role=Role.DEPT_HEAD,
        scope=RoleScopeKind.DEPARTMENTS,
        departments=[people.planning],
    )
    assert list(assignment.departments.all()) == [people.planning]
    people.staff.forget_roles()
    assert people.staff.has_role(Role.DEPT_HEAD, department_id=people.planning.pk)
    assert not people.staff.has_role(Role.DEPT_HEAD, department_id=people.energy.pk)
    role_grant(
        actor=people.sec_admin,
        person=people.staff,
        role=Role.DEPT_HEAD,
        scope=RoleScopeKind.DEPARTMENTS,
        departments=[people.energy],
    )
    people.staff.forget_roles()
    assert people.staff.has_role(Role.DEPT_HEAD, department_id=people.energy.pk)
    assert not people.staff.has_role(Role.DEPT_HEAD, department_id=people.planning.pk)
    events = AuditEvent.objects.filter(action="org.role.grant").order_by("pk")
    assert events.count() == 2
    assert events.last().details["before"]["departments"] == ["规划处"]


def test_department_scope_needs_departments_of_the_same_agency(people, other_agency_person):
    with pytest.raises(ValidationFailed) as excinfo:
        role_grant(
            actor=people.sec_admin,
            person=people.staff,
            role=Role.DEPT_HEAD,
            scope=RoleScopeKind.DEPARTMENTS,
            departments=[],
        )
    assert "departments" in excinfo.value.fields
    with pytest.raises(ValidationFailed):
        role_grant(
            actor=people.sec_admin,
            person=people.staff,
            role=Role.DEPT_HEAD,
            scope=RoleScopeKind.DEPARTMENTS,
            departments=[other_agency_person.department],
        )


def test_unknown_role_is_refused(people):
    with pytest.raises(ValidationFailed):
        role_grant(actor=people.sec_admin, person=people.staff, role="emperor")


def test_revoke_and_clearance_are_audited(people):
    role_grant(actor=people.sec_admin, person=people.staff, role=Role.REGISTRAR)
    role_revoke(actor=people.sec_admin, person=people.staff, role=Role.REGISTRAR)
    assert not RoleAssignment.objects.filter(person=people.staff).exists()
    clearance_set(
        actor=people.sec_admin, person=people.staff, clearance=Classification.HIGHLY_SECRET
    )
    people.staff.refresh_from_db()
    assert people.staff.clearance == Classification.HIGHLY_SECRET
    event = AuditEvent.objects.get(action="org.person.clearance")
    assert event.details["clearance"] == ["内部", "机密"]
    assert AuditEvent.objects.filter(action="org.role.revoke").count() == 1


def test_everyone_but_the_three_admins_drafts(people):
    assert people.staff.has_role(Role.DRAFTER)
    assert people.principal.has_role(Role.DRAFTER)
    assert not people.sys_admin.has_role(Role.DRAFTER)


def test_people_with_role_checks_the_scope_of_that_role(people):
    from govoa.org.selectors import people_with_role
    from govoa.testing.factories import PersonFactory, grant

    # An office head (agency-wide) who also heads the office must not count as head of 规划处.
    office_director = PersonFactory(department=people.office)
    grant(office_director, Role.OFFICE_HEAD)
    grant(office_director, Role.DEPT_HEAD, [people.office])
    heads = people_with_role(
        agency_id=people.agency.pk, role=Role.DEPT_HEAD, department_id=people.planning.pk
    )
    assert list(heads) == [people.dept_head]
    assert set(people_with_role(agency_id=people.agency.pk, role=Role.DEPT_HEAD)) == {
        people.dept_head,
        office_director,
    }
    assert (
        list(
            people_with_role(
                agency_id=people.agency.pk, role=Role.LEADER_DEPUTY, department_id=people.energy.pk
            )
        )
        == []
    )
