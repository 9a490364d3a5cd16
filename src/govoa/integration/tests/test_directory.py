"""LDAP against a real OpenLDAP server (Debian's slapd, started on loopback by the
``ldap_directory`` fixture): login of directory accounts, the sync's dry run, applying it, the
deletion guard, and the 三员 kept out. The clock is the suite's ``frozen_clock``."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from govoa.audit.models import AuditEvent
from govoa.core.errors import Conflict, PermissionDenied, ValidationFailed
from govoa.integration.directory_sync import directory_apply, directory_plan
from govoa.integration.models import DirectorySyncRun, DirectorySyncStatus
from govoa.integration.tests.conftest import DIRECTORY_PASSWORDS
from govoa.org.models import Department, Person, PersonStatus, RoleAssignment
from govoa.testing import slapd
from govoa.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.usefixtures("frozen_clock")


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def _synced(people):
    run = directory_plan(actor=people.sys_admin, agency=people.agency)
    return directory_apply(actor=people.sys_admin, run_id=run.pk)


def test_dry_run_lists_added_changed_missing_and_changes_nothing(people, ldap_directory):
    departments_before = set(Department.objects.values_list("code", "name", "is_active"))
    people_before = set(Person.objects.values_list("username", "real_name", "status", "title"))

    run = directory_plan(actor=people.sys_admin, agency=people.agency)

    diff = run.diff
    assert diff["departments"]["added"] == [{"code": "CWK", "name": "财务科", "parent": "BGS"}]
    assert diff["departments"]["changed"] == []
    assert diff["departments"]["missing"] == [{"code": "NYC", "name": "能源处"}]
    added = diff["people"]["added"]
    assert [(p["username"], p["real_name"], p["department"], p["title"]) for p in added] == [
        ("zhangsan", "张三", "CWK", "会计")
    ]
    assert "zhangsan@example.gov" not in str(diff)  # contact values stay out of the record
    (changed,) = diff["people"]["changed"]
    assert changed["username"] == "staff"
    assert changed["changes"]["title"] == ["科员", "副处长"]
    assert changed["changes"]["directory_dn"] == ["", f"uid=staff,{slapd.PEOPLE_BASE}"]
    assert changed["summary"] == "职务：科员 → 副处长；改由目录验证密码"
    missing = {p["username"] for p in diff["people"]["missing"]}
    assert missing == {"registrar", "depthead", "deputy", "principal"}  # never the 三员
    reasons = {p["entry"]: p["reason"] for p in diff["problems"]}
    assert "三员" in reasons[f"uid=sysadmin,{slapd.PEOPLE_BASE}"]
    assert "登录名" in reasons[f"uid=Bad Name,{slapd.PEOPLE_BASE}"]

    assert set(Department.objects.values_list("code", "name", "is_active")) == departments_before
    assert set(Person.objects.values_list("username", "real_name", "status", "title")) == (
        people_before
    )
    event = AuditEvent.objects.get(action="integration.directory.plan")
    assert event.actor_id == people.sys_admin.pk
    assert event.details["people_added"] == 1


def test_apply_adds_and_changes_but_deletes_nothing(people, ldap_directory):
    run = _synced(people)

    assert run.status == DirectorySyncStatus.APPLIED
    finance = Department.objects.get(agency=people.agency, code="CWK")
    assert finance.name == "财务科"
    assert finance.parent == people.office
    zhangsan = Person.objects.get(username="zhangsan")
    assert (zhangsan.real_name, zhangsan.department, zhangsan.title) == ("张三", finance, "会计")
    assert zhangsan.email == "zhangsan@example.gov"
    assert zhangsan.phone == "010-12345678"
    assert zhangsan.directory_dn == f"uid=zhangsan,{slapd.PEOPLE_BASE}"
    assert not zhangsan.has_usable_password()
    assert not RoleAssignment.objects.filter(person=zhangsan).exists()
    staff = Person.objects.get(pk=people.staff.pk)
    assert staff.title == "副处长"
    assert staff.directory_dn == f"uid=staff,{slapd.PEOPLE_BASE}"
    assert not staff.has_usable_password()  # taken over: the directory's password from now on
    # The guard: what the directory no longer has stays as it was.
    for person in (people.registrar, people.dept_head, people.deputy, people.principal):
        person.refresh_from_db()
        assert person.status == PersonStatus.ACTIVE
    assert Department.objects.get(pk=people.energy.pk).is_active
    sys_admin = Person.objects.get(pk=people.sys_admin.pk)
    assert sys_admin.real_name == "系统管理员"
    assert sys_admin.directory_dn == ""
    actions = list(
        AuditEvent.objects.filter(actor_id=people.sys_admin.pk).values_list("action", flat=True)
    )
    assert "integration.directory.apply" in actions
    assert "org.department.create" in actions
    assert "org.person.create" in actions
    assert "org.person.directory" in actions

    # A second comparison finds nothing left to add or change.
    again = directory_plan(actor=people.sys_admin, agency=people.agency)
    assert again.diff["people"]["added"] == []
    assert again.diff["people"]["changed"] == []
    assert again.diff["departments"]["added"] == []


def test_deactivation_only_of_what_was_ticked(people, ldap_directory):
    run = directory_plan(actor=people.sys_admin, agency=people.agency)
    with pytest.raises(ValidationFailed):
        directory_apply(actor=people.sys_admin, run_id=run.pk, deactivate_people=["zhangsan"])
    with pytest.raises(ValidationFailed):
        directory_apply(actor=people.sys_admin, run_id=run.pk, deactivate_people=["sysadmin"])
    assert not Person.objects.filter(username="zhangsan").exists()  # nothing was applied

    directory_apply(
        actor=people.sys_admin,
        run_id=run.pk,
        deactivate_people=["registrar"],
        deactivate_departments=[],
    )
    statuses = dict(Person.objects.filter(agency=people.agency).values_list("username", "status"))
    assert statuses["registrar"] == PersonStatus.TRANSFERRED
    assert statuses["depthead"] == statuses["deputy"] == statuses["principal"] == "active"
    event = AuditEvent.objects.get(action="integration.directory.apply")
    assert event.details["deactivated"] == {"people": ["registrar"], "departments": []}
    with pytest.raises(Conflict):  # applied once only
        directory_apply(actor=people.sys_admin, run_id=run.pk)


def test_department_with_people_is_not_deactivated(people, ldap_directory):
    Person.objects.filter(pk=people.dept_head.pk).update(department=people.energy)
    run = directory_plan(actor=people.sys_admin, agency=people.agency)
    with pytest.raises(ValidationFailed):
        directory_apply(actor=people.sys_admin, run_id=run.pk, deactivate_departments=["NYC"])
    assert Department.objects.get(pk=people.energy.pk).is_active
    assert not Person.objects.filter(username="zhangsan").exists()


def test_apply_refused_when_the_directory_changed_since_the_dry_run(people, ldap_directory):
    run = directory_plan(actor=people.sys_admin, agency=people.agency)
    ldap_directory.modify(
        slapd.ldif(
            [
                {
                    "dn": f"uid=zhangsan,{slapd.PEOPLE_BASE}",
                    "changetype": "modify",
                    "replace": "title",
                    "title": "科长",
                }
            ]
        )
    )
    with pytest.raises(Conflict):
        directory_apply(actor=people.sys_admin, run_id=run.pk)
    assert not Person.objects.filter(username="zhangsan").exists()
    run.refresh_from_db()
    assert run.status == DirectorySyncStatus.PLANNED
    # A fresh comparison supersedes it and shows the new title.
    fresh = directory_plan(actor=people.sys_admin, agency=people.agency)
    run.refresh_from_db()
    assert run.status == DirectorySyncStatus.STALE
    assert fresh.diff["people"]["added"][0]["title"] == "科长"


def test_only_the_system_admin_syncs(people, ldap_directory):
    for person in (people.staff, people.sec_admin, people.audit_admin, people.principal):
        with pytest.raises(PermissionDenied):
            directory_plan(actor=person, agency=people.agency)
    run = directory_plan(actor=people.sys_admin, agency=people.agency)
    with pytest.raises(PermissionDenied):
        directory_apply(actor=people.sec_admin, run_id=run.pk)
    assert not DirectorySyncRun.objects.exclude(pk=run.pk).exists()
    assert (
        AuditEvent.objects.filter(action="integration.directory.plan", outcome="denied").count()
        == 4
    )


def test_directory_login_success_and_failure(client, people, ldap_directory):
    _synced(people)

    response = _login(client, "zhangsan", DIRECTORY_PASSWORDS["zhangsan"])
    assert response.status_code == 302
    assert response["Location"] == reverse("web:workbench")
    page = client.get(reverse("web:workbench"))
    assert page.status_code == 200  # no forced password change for a directory account
    assert page.wsgi_request.user.username == "zhangsan"
    client.logout()

    response = _login(client, "zhangsan", "Wrong-password-1")
    assert response.status_code == 401
    assert Person.objects.get(username="zhangsan").failed_logins == 1
    # The taken-over account's old local password no longer works; the directory's does.
    assert _login(client, "staff", TEST_PASSWORD).status_code == 401
    assert _login(client, "staff", DIRECTORY_PASSWORDS["staff"]).status_code == 302


def test_directory_login_creates_nobody(client, people, ldap_directory):
    count = Person.objects.count()
    response = _login(client, "zhangsan", DIRECTORY_PASSWORDS["zhangsan"])
    assert response.status_code == 401
    assert Person.objects.count() == count
    assert AuditEvent.objects.filter(
        action="accounts.session.login", outcome="failure", details__reason="unknown_user"
    ).exists()


def test_directory_login_cannot_reach_or_make_a_security_admin(client, people, ldap_directory):
    # The directory holds a "sysadmin" with a password of its own: it opens nothing.
    assert _login(client, "sysadmin", DIRECTORY_PASSWORDS["sysadmin"]).status_code == 401
    # Even with a directory link written around the services, a 三员 is refused by LDAP.
    Person.objects.filter(pk=people.sys_admin.pk).update(
        directory_dn=f"uid=sysadmin,{slapd.PEOPLE_BASE}", password="!unusable"
    )
    assert _login(client, "sysadmin", DIRECTORY_PASSWORDS["sysadmin"]).status_code == 401
    # A directory person gets no role from logging in or from the sync.
    _synced(people)
    assert _login(client, "zhangsan", DIRECTORY_PASSWORDS["zhangsan"]).status_code == 302
    zhangsan = Person.objects.get(username="zhangsan")
    assert zhangsan.security_admin_role is None
    assert not RoleAssignment.objects.filter(person=zhangsan).exists()


def test_local_accounts_log_in_as_before_with_ldap_on(client, people, ldap_directory):
    assert _login(client, "registrar", TEST_PASSWORD).status_code == 302


def test_directory_page_for_the_system_admin(client, people, ldap_directory):
    client.force_login(people.sys_admin)
    assert client.get(reverse("integration:directory_home")).status_code == 200
    response = client.post(reverse("integration:directory_compare"))
    assert response.status_code == 302
    run = DirectorySyncRun.objects.get()
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "财务科" in text
    assert "张三" in text
    assert "职务：科员 → 副处长；改由目录验证密码" in text
    assert 'name="deactivate_person" value="registrar"' in text

    bad = client.post(
        reverse("integration:directory_confirm", args=[run.pk]),
        {"deactivate_person": ["zhangsan"]},
    )
    assert bad.status_code == 422
    assert not Person.objects.filter(username="zhangsan").exists()
    done = client.post(
        reverse("integration:directory_confirm", args=[run.pk]),
        {"deactivate_person": ["principal"]},
    )
    assert done.status_code == 302
    assert Person.objects.get(username="principal").status == PersonStatus.TRANSFERRED
    assert Person.objects.get(username="zhangsan").directory_dn
    again = client.post(reverse("integration:directory_confirm", args=[run.pk]))
    assert again.status_code == 409


def test_directory_page_refuses_everyone_else(client, people, other_agency_person, ldap_directory):
    run = directory_plan(actor=people.sys_admin, agency=people.agency)
    for person in (people.staff, people.sec_admin, people.audit_admin):
        client.force_login(person)
        assert client.get(reverse("integration:directory_home")).status_code == 403
        url = reverse("integration:directory_confirm", args=[run.pk])
        assert client.post(url).status_code == 403
    assert DirectorySyncRun.objects.get().status == DirectorySyncStatus.PLANNED


def test_unreachable_directory_is_a_clear_error(client, people, ldap_directory, settings):
    settings.GOVOA_LDAP_URI = "ldap://127.0.0.1:1"
    client.force_login(people.sys_admin)
    response = client.post(reverse("integration:directory_compare"))
    assert response.status_code == 502
    assert "无法读取 LDAP 目录" in response.content.decode()
    assert not DirectorySyncRun.objects.exists()


def test_command_dry_run_then_apply(people, ldap_directory):
    out = io.StringIO()
    call_command("directory_sync", "--as", "sysadmin", stdout=out)
    text = out.getvalue()
    assert "人员 新增：zhangsan 张三" in text
    assert "部门 目录中已没有：NYC 能源处" in text
    assert not Person.objects.filter(username="zhangsan").exists()
    run = DirectorySyncRun.objects.get()

    with pytest.raises(CommandError):
        call_command("directory_sync", "--as", "staff")
    out = io.StringIO()
    call_command(
        "directory_sync",
        "--as",
        "sysadmin",
        "--apply",
        str(run.pk),
        "--deactivate-person",
        "deputy",
        stdout=out,
    )
    assert Person.objects.get(username="zhangsan").department.code == "CWK"
    assert Person.objects.get(username="deputy").status == PersonStatus.TRANSFERRED
    assert Person.objects.get(username="principal").status == PersonStatus.ACTIVE


def test_scheduled_run_only_compares(people, ldap_directory, settings):
    from govoa.integration.tasks import plan_directory_sync

    settings.GOVOA_LDAP_SYNC_AGENCY = 0
    assert plan_directory_sync.call() == {}
    settings.GOVOA_LDAP_SYNC_AGENCY = people.agency.pk
    counts = plan_directory_sync.call()
    assert counts["people_added"] == 1
    assert counts["departments_missing"] == 1
    run = DirectorySyncRun.objects.get()
    assert run.created_by is None
    assert run.status == DirectorySyncStatus.PLANNED
    assert not Person.objects.filter(username="zhangsan").exists()
    assert AuditEvent.objects.get(action="integration.directory.plan").actor_id is None
