import datetime
import html

import pytest
from django.utils import timezone

from govoa.core.models import WorkdayOverride
from govoa.core.vocabulary import Role
from govoa.org.models import Department, Person, RoleAssignment
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.factories import grant
from govoa.testing.permissions import Matrix


def sys_admin_screens(people):
    staff = people.staff.pk
    return [
        Matrix("/org/system/agency/", out_of_scope_status=403),
        Matrix("/org/system/departments/", out_of_scope_status=403),
        Matrix("/org/system/departments/new/", out_of_scope_status=403),
        Matrix(f"/org/system/departments/{people.planning.pk}/", out_of_scope_status=403),
        Matrix("/org/system/people/new/", out_of_scope_status=403),
        Matrix(f"/org/system/people/{staff}/edit/", out_of_scope_status=403),
        Matrix("/org/system/import/", out_of_scope_status=403),
        Matrix("/org/system/import/template.xlsx", out_of_scope_status=403),
        Matrix("/org/system/calendar/", out_of_scope_status=403),
    ]


def test_sys_admin_screens_matrix(client, people):
    for matrix in sys_admin_screens(people):
        matrix.check(client, in_scope=people.sys_admin, out_of_scope=people.sec_admin)


def test_console_screens_matrix(client, people):
    for url in [
        "/org/system/",
        "/org/system/people/",
        "/org/system/people/export.xlsx",
        f"/org/system/people/{people.staff.pk}/",
        "/org/system/roles/",
    ]:
        for admin in (people.sys_admin, people.sec_admin):
            Matrix(url, out_of_scope_status=403).check(
                client, in_scope=admin, out_of_scope=people.audit_admin
            )


def test_person_of_another_agency_is_not_found(client, people, other_agency_person):
    client.force_login(people.sys_admin)
    for url in [
        f"/org/system/people/{other_agency_person.pk}/",
        f"/org/system/people/{other_agency_person.pk}/edit/",
    ]:
        assert client.get(url).status_code == 404
    assert (
        client.post(
            f"/org/system/people/{other_agency_person.pk}/status/", {"status": "retired"}
        ).status_code
        == 404
    )
    other_agency_person.refresh_from_db()
    assert other_agency_person.is_active


def test_directory_matrix_and_scope(client, people, other_agency_person):
    Matrix("/org/directory/").check(client, in_scope=people.staff)
    client.force_login(people.staff)
    html = client.get("/org/directory/").content.decode()
    assert "规划处长" in html
    assert "外单位人员" not in html


def test_create_person_shows_the_initial_password_once(client, people):
    client.force_login(people.sys_admin)
    response = client.post(
        "/org/system/people/new/",
        {
            "username": "xinren",
            "real_name": "新人",
            "department": people.energy.pk,
            "title": "科员",
            "rank_order": 900,
            "phone": "",
            "email": "",
        },
    )
    assert response.status_code == 200
    person = Person.objects.get(username="xinren")
    password = response.context["password"]
    assert person.check_password(password)
    assert html.escape(password) in response.content.decode()


def test_create_person_with_bad_input_shows_chinese_errors(client, people):
    client.force_login(people.sys_admin)
    count = Person.objects.count()
    response = client.post(
        "/org/system/people/new/",
        {
            "username": "staff",
            "real_name": "重名",
            "department": people.energy.pk,
            "rank_order": 900,
        },
    )
    assert response.status_code == 422
    assert "已存在" in response.content.decode()
    response = client.post("/org/system/people/new/", {"username": "", "rank_order": "abc"})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert Person.objects.count() == count


def test_two_security_admin_roles_refused_by_the_command_line(people):
    """No screen grants a 三员 role (test_separation); the command line refuses a second."""
    from django.core.management import CommandError, call_command

    call_command("admin_role", "staff", "sys_admin")
    with pytest.raises(CommandError) as refused:
        call_command("admin_role", "staff", "audit_admin")
    assert "“三员”互斥" in str(refused.value)
    assert "须由不同人员担任" in str(refused.value)
    assert list(
        RoleAssignment.objects.filter(person=people.staff).values_list("role", flat=True)
    ) == ["sys_admin"]
    with pytest.raises(CommandError, match="二者选一"):
        call_command("admin_role", "staff")
    call_command("admin_role", "staff", "--remove")
    assert not RoleAssignment.objects.filter(person=people.staff).exists()


def test_sys_admin_cannot_grant_over_http(client, people):
    client.force_login(people.sys_admin)
    response = client.post(
        f"/org/system/people/{people.staff.pk}/roles/", {"role": "registrar", "scope": "agency"}
    )
    assert response.status_code == 403
    assert "安全保密管理员" in response.content.decode()
    response = client.post(f"/org/system/people/{people.staff.pk}/clearance/", {"clearance": 3})
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(person=people.staff).exists()


def test_sec_admin_cannot_manage_accounts(client, people):
    client.force_login(people.sec_admin)
    assert (
        client.post(
            f"/org/system/people/{people.staff.pk}/status/", {"status": "retired"}
        ).status_code
        == 403
    )
    assert client.post(f"/org/system/people/{people.staff.pk}/reset-password/").status_code == 403
    people.staff.refresh_from_db()
    assert people.staff.is_active


def test_status_change_over_http(client, people):
    client.force_login(people.sys_admin)
    response = client.post(f"/org/system/people/{people.staff.pk}/status/", {"status": "retired"})
    assert response.status_code == 302
    people.staff.refresh_from_db()
    assert people.staff.status == "retired"


def test_department_create_and_bad_code(client, people):
    client.force_login(people.sys_admin)
    response = client.post(
        "/org/system/departments/new/",
        {"name": "审计处", "code": "sjc", "order": 50, "is_active": "on"},
    )
    assert response.status_code == 302
    assert Department.objects.get(agency=people.agency, code="SJC").name == "审计处"
    response = client.post(
        "/org/system/departments/new/",
        {"name": "坏处", "code": "坏", "order": 50, "is_active": "on"},
    )
    assert response.status_code in (400, 422)
    assert "机构代码应为" in response.content.decode()


def test_import_over_http(client, people):
    from govoa.org.tests.test_import import workbook

    client.force_login(people.sys_admin)
    upload = workbook(
        departments=[["新科", "XK", "", 1]],
        people_rows=[["xinke1", "新科员", "新科", "", "", "", ""]],
    )
    upload.name = "导入.xlsx"
    response = client.post("/org/system/import/", {"file": upload})
    assert response.status_code == 200
    assert "导入完成" in response.content.decode()
    assert Person.objects.filter(username="xinke1").exists()
    bad = workbook(people_rows=[["xinke2", "无部门", "", "", "", "", ""]])
    bad.name = "坏.xlsx"
    response = client.post("/org/system/import/", {"file": bad})
    assert response.status_code == 422
    assert "人员表第 2 行" in response.content.decode()


def test_calendar_entry_over_http(client, people, frozen_clock):
    year = FROZEN_TODAY.year + 1  # next year's calendar, whatever year the suite runs in
    client.force_login(people.sys_admin)
    response = client.post(
        f"/org/system/calendar/?year={year}",
        {"lines": f"{year}-01-01 休息 元旦\n{year}-02-06 上班 春节调休"},
    )
    assert response.status_code == 302
    assert WorkdayOverride.objects.count() == 2
    response = client.post("/org/system/calendar/", {"lines": f"{year}-13-01 休息\n乱写"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "第 1 行日期不存在" in html
    assert "第 2 行格式应为" in html
    assert WorkdayOverride.objects.count() == 2
    response = client.post(f"/org/system/calendar/{year}-01-01/delete/")
    assert response.status_code == 302
    assert WorkdayOverride.objects.count() == 1


def test_delegation_page_for_everyone(client, people):
    Matrix("/org/delegations/").check(client, in_scope=people.staff)
    client.force_login(people.dept_head)
    today = timezone.localdate()
    response = client.post(
        "/org/delegations/",
        {
            "delegate": people.staff.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=2)).isoformat(),
            "reason": "出差",
        },
    )
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "规划科员" in page
    assert "代理" in page


@pytest.mark.parametrize("role", [Role.AUDIT_ADMIN, Role.REGISTRAR])
def test_non_console_roles_get_403_on_console(client, people, role):
    person = people.staff
    grant(person, role)
    client.force_login(person)
    assert client.get("/org/system/").status_code == 403


def test_people_lists_run_a_constant_number_of_queries(client, people):
    from govoa.testing.factories import PersonFactory
    from govoa.testing.queries import query_count

    client.force_login(people.sys_admin)
    urls = ["/org/system/people/", "/org/directory/", "/org/system/roles/"]

    def load() -> None:
        for url in urls:
            assert client.get(url).status_code == 200

    load()  # warm-up: session, content types
    few = query_count(load)
    for _ in range(30):
        PersonFactory(department=people.energy)
    assert query_count(load) == few


@pytest.mark.parametrize("raw", ["²", "99999999999999999999999", "x", "1,2", "-1"])
def test_any_department_parameter_lists_everyone(client, people, raw):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(people.sys_admin)
    everyone = client.get("/org/system/people/").context["page_obj"].paginator.count
    page = client.get("/org/system/people/", {"department": raw})
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == everyone
    export = client.get("/org/system/people/export.xlsx", {"department": raw})
    assert export.status_code == 200
    assert load_workbook(BytesIO(export.content)).active.max_row == everyone + 1


def test_a_department_parameter_filters(client, people):
    client.force_login(people.sys_admin)
    page = client.get("/org/system/people/", {"department": str(people.planning.pk)})
    assert {p.pk for p in page.context["page_obj"]} == {people.staff.pk, people.dept_head.pk}
