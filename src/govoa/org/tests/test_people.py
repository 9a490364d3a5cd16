import datetime

import pytest
from django.utils import timezone

from govoa.accounts.passwords import character_classes
from govoa.audit.models import AuditEvent
from govoa.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from govoa.org.models import Person, PersonStatus
from govoa.org.selectors import delegate_for
from govoa.org.services.delegations import delegation_create, delegation_revoke
from govoa.org.services.people import (
    generate_initial_password,
    person_create,
    person_reset_password,
    person_set_status,
    person_update,
)
from govoa.org.services.structure import department_create, department_update


def test_initial_passwords_meet_the_policy():
    for _ in range(50):
        password = generate_initial_password()
        assert len(password) == 12
        assert character_classes(password) == 4


def test_sys_admin_creates_an_account_that_must_change_its_password(people):
    person, password = person_create(
        actor=people.sys_admin,
        agency=people.agency,
        username="NewOne",
        real_name="新同事",
        department=people.energy,
        title="科员",
    )
    assert person.username == "newone"
    assert person.must_change_password
    assert person.check_password(password)
    event = AuditEvent.objects.get(action="org.person.create")
    assert event.actor_id == people.sys_admin.pk
    assert event.object_id == str(person.pk)


def test_bad_account_data_is_refused_in_chinese_and_saves_nothing(people, other_agency_person):
    count = Person.objects.count()
    with pytest.raises(ValidationFailed) as excinfo:
        person_create(
            actor=people.sys_admin,
            agency=people.agency,
            username="staff",
            real_name="",
            department=people.energy,
        )
    assert "username" in excinfo.value.fields
    assert "real_name" in excinfo.value.fields
    with pytest.raises(ValidationFailed) as excinfo:
        person_create(
            actor=people.sys_admin,
            agency=people.agency,
            username="张三",
            real_name="张三",
            department=people.energy,
        )
    assert "登录名应为" in excinfo.value.fields["username"][0]
    with pytest.raises(ValidationFailed):
        person_create(
            actor=people.sys_admin,
            agency=people.agency,
            username="x1",
            real_name="x",
            department=other_agency_person.department,
        )
    assert Person.objects.count() == count


def test_only_the_sys_admin_manages_accounts(people):
    for actor in (people.sec_admin, people.audit_admin, people.principal, people.staff):
        with pytest.raises(PermissionDenied):
            person_create(
                actor=actor,
                agency=people.agency,
                username="x1",
                real_name="x",
                department=people.energy,
            )
        with pytest.raises(PermissionDenied):
            person_set_status(actor=actor, person=people.dept_head, status=PersonStatus.RETIRED)


def test_update_records_what_changed(people):
    person_update(
        actor=people.sys_admin,
        person=people.staff,
        data={"title": "副处长", "phone": "0571-1", "real_name": "规划科员"},
    )
    event = AuditEvent.objects.get(action="org.person.update")
    assert event.details == {"title": ["科员", "副处长"], "phone": ["", "0571-1"]}


def test_sys_admin_cannot_edit_themselves(people):
    with pytest.raises(PermissionDenied):
        person_update(actor=people.sys_admin, person=people.sys_admin, data={"title": "x"})


def test_status_change_and_reset_unlocks(people):
    person_set_status(actor=people.sys_admin, person=people.staff, status=PersonStatus.RETIRED)
    people.staff.refresh_from_db()
    assert not people.staff.is_active
    with pytest.raises(ValidationFailed):
        person_set_status(actor=people.sys_admin, person=people.staff, status="fired")
    people.dept_head.locked_until = timezone.now() + datetime.timedelta(minutes=10)
    people.dept_head.failed_logins = 5
    people.dept_head.save()
    password = person_reset_password(actor=people.sys_admin, person=people.dept_head)
    people.dept_head.refresh_from_db()
    assert people.dept_head.locked_until is None
    assert people.dept_head.must_change_password
    assert people.dept_head.check_password(password)


def test_department_tree_cannot_loop(people):
    child = department_create(
        actor=people.sys_admin,
        agency=people.agency,
        name="规划一科",
        code="ghk1",
        parent=people.planning,
    )
    assert child.code == "GHK1"
    with pytest.raises(ValidationFailed) as excinfo:
        department_update(
            actor=people.sys_admin, department=people.planning, data={"parent": child}
        )
    assert "下级部门" in excinfo.value.fields["parent"][0]


def test_department_with_staff_cannot_be_deactivated(people):
    with pytest.raises(ValidationFailed) as excinfo:
        department_update(
            actor=people.sys_admin, department=people.planning, data={"is_active": False}
        )
    assert "在职人员" in excinfo.value.fields["is_active"][0]


def test_duplicate_department_code_is_refused(people):
    with pytest.raises(ValidationFailed):
        department_create(actor=people.sys_admin, agency=people.agency, name="另一个", code="GHC")


def test_delegation_for_a_date_range(people):
    today = timezone.localdate()
    delegation = delegation_create(
        actor=people.dept_head,
        principal=people.dept_head,
        delegate=people.staff,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=3),
        reason="出差",
    )
    assert delegate_for(people.dept_head, today) == people.staff
    assert delegate_for(people.dept_head, today + datetime.timedelta(days=4)) is None
    with pytest.raises(ValidationFailed):  # overlapping
        delegation_create(
            actor=people.dept_head,
            principal=people.dept_head,
            delegate=people.registrar,
            starts_on=today,
            ends_on=today,
            reason="又出差",
        )
    delegation_revoke(actor=people.dept_head, delegation=delegation)
    assert delegate_for(people.dept_head, today) is None
    with pytest.raises(TransitionNotAllowed):
        delegation_revoke(actor=people.dept_head, delegation=delegation)
    assert AuditEvent.objects.filter(action__startswith="org.delegation").count() == 2


def test_delegation_rules(people, other_agency_person):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        delegation_create(
            actor=people.staff,
            principal=people.dept_head,
            delegate=people.staff,
            starts_on=today,
            ends_on=today,
            reason="x",
        )
    with pytest.raises(ValidationFailed) as excinfo:
        delegation_create(
            actor=people.dept_head,
            principal=people.dept_head,
            delegate=other_agency_person,
            starts_on=today,
            ends_on=today - datetime.timedelta(days=1),
            reason="",
        )
    assert set(excinfo.value.fields) == {"delegate", "ends_on", "reason"}
    # The system administrator may set one for anybody.
    delegation_create(
        actor=people.sys_admin,
        principal=people.dept_head,
        delegate=people.staff,
        starts_on=today,
        ends_on=today,
        reason="病假",
    )


def test_sys_admin_cannot_touch_the_other_two_security_admins(people):
    for target in (people.sec_admin, people.audit_admin):
        with pytest.raises(PermissionDenied):
            person_reset_password(actor=people.sys_admin, person=target)
        with pytest.raises(PermissionDenied):
            person_set_status(actor=people.sys_admin, person=target, status=PersonStatus.RETIRED)
        with pytest.raises(PermissionDenied):
            person_update(actor=people.sys_admin, person=target, data={"real_name": "冒名"})


def test_security_admin_password_reset_from_the_command_line(people, capsys):
    from django.core.management import CommandError, call_command

    call_command("reset_admin_password", "auditadmin")
    output = capsys.readouterr().out
    password = output.rsplit("：", 1)[1].strip()
    people.audit_admin.refresh_from_db()
    assert people.audit_admin.check_password(password)
    assert people.audit_admin.must_change_password
    event = AuditEvent.objects.get(action="org.person.reset_password")
    assert event.details["via"] == "command line"
    with pytest.raises(CommandError, match="不是系统管理员"):
        call_command("reset_admin_password", "staff")


def test_setup_command_validates_and_creates_the_three_admins(db, capsys):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="全宗号只能由字母和数字组成"):
        call_command(
            "setup",
            name="某县人民政府办公室",
            short_name="县府办",
            doc_code="县府办",
            fonds_code="bad code!!",
        )
    call_command(
        "setup",
        name="某县人民政府办公室",
        short_name="县府办",
        doc_code="县府办",
        fonds_code="J001",
        username_prefix="xf.",
    )
    output = capsys.readouterr().out
    for username in ("xf.sysadmin", "xf.secadmin", "xf.auditadmin"):
        assert username in output
        assert Person.objects.get(username=username).must_change_password
    setup_event = AuditEvent.objects.get(action="org.agency.setup")
    assert setup_event.agency_id is not None
