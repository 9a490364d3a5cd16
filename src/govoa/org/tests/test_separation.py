"""三员分立 against the 三员 themselves (issue 8.2): nobody grants a 三员 a business role, a
clearance or a delegation, and no screen makes anyone a 三员."""

import datetime

import pytest
from django.utils import timezone

from govoa.audit.models import AuditEvent
from govoa.core.errors import NotFound, PermissionDenied, ValidationFailed
from govoa.core.vocabulary import Classification, Role
from govoa.org.models import Delegation, RoleAssignment
from govoa.org.selectors import (
    chosen_people,
    delegate_for,
    delegates_for,
    delegators_of,
    people_cleared,
    people_with_role,
)
from govoa.org.services.delegations import delegation_create
from govoa.org.services.roles import clearance_set, role_grant, role_revoke
from govoa.testing.factories import grant

ADMINS = ["sys_admin", "sec_admin", "audit_admin"]
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize("admin", ["sys_admin", "audit_admin"])
def test_the_sec_admin_gives_no_business_role_to_a_security_admin_through_the_screen(
    client, people, admin
):
    """Issue: ``secadmin`` gave ``sysadmin`` ``leader_principal`` via /people/1/roles/."""
    target = getattr(people, admin)
    client.force_login(people.sec_admin)
    response = client.post(
        f"/org/system/people/{target.pk}/roles/",
        {"role": Role.LEADER_PRINCIPAL, "scope": "agency"},
    )
    assert response.status_code == 403
    assert list(target.role_assignments.values_list("role", flat=True)) == [admin]
    denied = AuditEvent.objects.get(action="org.role.grant", outcome="denied")
    assert denied.object_id == str(target.pk)


@pytest.mark.parametrize("admin", ["sys_admin", "audit_admin"])
def test_the_sec_admin_sets_no_clearance_of_a_security_admin(client, people, admin):
    """Issue: ``secadmin`` gave ``sysadmin`` clearance 4 via /people/1/clearance/."""
    target = getattr(people, admin)
    client.force_login(people.sec_admin)
    response = client.post(
        f"/org/system/people/{target.pk}/clearance/", {"clearance": Classification.TOP_SECRET}
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.clearance == Classification.INTERNAL
    assert AuditEvent.objects.filter(action="org.person.clearance", outcome="denied").exists()


@pytest.mark.parametrize("role", ADMINS)
def test_no_screen_makes_anyone_a_security_admin(client, people, role):
    """Issue: ``secadmin`` made ``guojun`` a second ``sec_admin``."""
    client.force_login(people.sec_admin)
    response = client.post(
        f"/org/system/people/{people.staff.pk}/roles/", {"role": role, "scope": "agency"}
    )
    assert response.status_code in (302, 403)
    assert not RoleAssignment.objects.filter(person=people.staff).exists()
    with pytest.raises(PermissionDenied):
        role_grant(actor=people.sec_admin, person=people.staff, role=role)
    assert not RoleAssignment.objects.filter(person=people.staff).exists()


def test_the_role_form_offers_no_security_admin_role(client, people):
    client.force_login(people.sec_admin)
    page = client.get(f"/org/system/people/{people.staff.pk}/")
    offered = {value for value, _label in page.context["role_form"].fields["role"].choices}
    assert Role.REGISTRAR in offered
    assert not offered & {Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDIT_ADMIN}


def test_nobody_revokes_a_security_admin_role_from_a_screen(people):
    with pytest.raises(PermissionDenied):
        role_revoke(actor=people.sec_admin, person=people.sys_admin, role=Role.SYS_ADMIN)
    assert people.sys_admin.role_assignments.filter(role=Role.SYS_ADMIN).exists()


def test_a_business_role_found_on_a_security_admin_can_still_be_revoked(people):
    """Data written around the service (an old grant, a hand-made row) can be cleaned up."""
    grant(people.sys_admin, Role.LEADER_PRINCIPAL)
    role_revoke(actor=people.sec_admin, person=people.sys_admin, role=Role.LEADER_PRINCIPAL)
    assert list(people.sys_admin.role_assignments.values_list("role", flat=True)) == ["sys_admin"]


def test_the_command_line_sets_and_removes_a_security_admin_role(people):
    from govoa.org.services.setup import security_admin_role_remove, security_admin_role_set

    with pytest.raises(ValidationFailed) as refused:
        security_admin_role_set(username="registrar", role=Role.SEC_ADMIN)
    assert "业务角色" in refused.value.message
    with pytest.raises(ValidationFailed):
        security_admin_role_set(username="secadmin", role=Role.AUDIT_ADMIN)  # 三员互斥
    with pytest.raises(NotFound):
        security_admin_role_set(username="nobody", role=Role.SEC_ADMIN)
    security_admin_role_set(username="staff", role=Role.SEC_ADMIN)
    people.staff.forget_roles()
    assert people.staff.security_admin_role == Role.SEC_ADMIN
    security_admin_role_remove(username="staff")
    people.staff.forget_roles()
    assert people.staff.security_admin_role is None
    actions = list(
        AuditEvent.objects.filter(object_id=str(people.staff.pk))
        .order_by("pk")
        .values_list("action", "details__via")
    )
    assert actions == [
        ("org.role.grant", "command line"),
        ("org.role.revoke", "command line"),
    ]


def test_the_command_line_refuses_someone_with_a_delegation(people):
    from govoa.org.services.setup import security_admin_role_set

    delegation_create(
        actor=people.staff,
        principal=people.staff,
        delegate=people.dept_head,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + DAY,
        reason="出差",
    )
    with pytest.raises(ValidationFailed) as refused:
        security_admin_role_set(username="staff", role=Role.SYS_ADMIN)
    assert "代理" in refused.value.message


@pytest.mark.parametrize("admin", ADMINS)
def test_a_security_admin_is_neither_principal_nor_delegate(people, admin):
    three = getattr(people, admin)
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as as_delegate:
        delegation_create(
            actor=people.sys_admin,
            principal=people.registrar,
            delegate=three,
            starts_on=today,
            ends_on=today,
            reason="出差",
        )
    assert "delegate" in as_delegate.value.fields
    with pytest.raises((ValidationFailed, PermissionDenied)):
        delegation_create(
            actor=three,
            principal=three,
            delegate=people.staff,
            starts_on=today,
            ends_on=today,
            reason="出差",
        )
    assert not Delegation.objects.exists()


def test_the_sys_admin_makes_no_delegation_to_himself_through_the_screen(client, people):
    """Issue: /org/delegations/ with another principal and himself as delegate."""
    client.force_login(people.sys_admin)
    today = timezone.localdate()
    response = client.post(
        "/org/delegations/",
        {
            "principal": people.registrar.pk,
            "delegate": people.sys_admin.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + DAY).isoformat(),
            "reason": "出差",
        },
    )
    assert response.status_code in (400, 422)
    assert not Delegation.objects.exists()
    offered = {p.pk for p in response.context["form"].fields["delegate"].queryset}
    assert not offered & {people.sys_admin.pk, people.sec_admin.pk, people.audit_admin.pk}


def test_the_sys_admin_still_sets_delegations_between_colleagues(people):
    today = timezone.localdate()
    delegation = delegation_create(
        actor=people.sys_admin,
        principal=people.registrar,
        delegate=people.staff,
        starts_on=today,
        ends_on=today,
        reason="休假",
    )
    assert delegate_for(people.registrar) == people.staff
    assert delegation.created_by == people.sys_admin


@pytest.mark.parametrize("admin", ["sys_admin", "audit_admin"])
def test_no_grant_service_reaches_a_security_admin(people, admin):
    three = getattr(people, admin)
    with pytest.raises(PermissionDenied):
        role_grant(actor=people.sec_admin, person=three, role=Role.REGISTRAR)
    with pytest.raises(PermissionDenied):
        clearance_set(actor=people.sec_admin, person=three, clearance=Classification.SECRET)
    assert list(three.role_assignments.values_list("role", flat=True)) == [admin]


def test_pickers_and_routing_leave_out_the_security_admins(people):
    """Even holding business roles and a clearance written straight into the database."""
    admins = [people.sys_admin, people.sec_admin, people.audit_admin]
    for three in admins:
        grant(three, Role.REGISTRAR)
        grant(three, Role.DEPT_HEAD, [people.planning])
        three.clearance = Classification.TOP_SECRET
        three.save(update_fields=["clearance"])
    ids = {p.pk for p in admins}
    agency = people.agency.pk
    assert set(people_with_role(agency_id=agency, role=Role.REGISTRAR)) == {people.registrar}
    assert set(
        people_with_role(agency_id=agency, role=Role.DEPT_HEAD, department_id=people.planning.pk)
    ) == {people.dept_head}
    assert not ids & {p.pk for p in people_cleared(agency_id=agency, clearance=0)}
    with pytest.raises(ValidationFailed):
        chosen_people(agency_id=agency, ids=[people.sys_admin.pk], key="next_assignees")
    # A delegation to a 三员 written around the service names nobody.
    Delegation.objects.create(
        principal=people.registrar,
        delegate=people.sys_admin,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        reason="绕过服务写入",
    )
    assert delegates_for([people.registrar]) == {}
    assert delegators_of(people.sys_admin) == []


def test_business_roles_of_a_security_admin_do_not_count(people):
    grant(people.sys_admin, Role.LEADER_PRINCIPAL)
    grant(people.sys_admin, Role.DEPT_HEAD, [people.planning])
    assert people.sys_admin.has_role(Role.SYS_ADMIN)
    assert not people.sys_admin.has_role(Role.LEADER_PRINCIPAL)
    assert not people.sys_admin.has_role(Role.DEPT_HEAD, department_id=people.planning.pk)
    assert set(people.sys_admin.role_scopes()) == {Role.SYS_ADMIN}
