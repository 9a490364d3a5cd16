import io

import pytest
from openpyxl import Workbook

from govoa.audit.models import AuditEvent
from govoa.core.errors import PermissionDenied, ValidationFailed
from govoa.org.models import Department, Person
from govoa.org.services.imports import import_template, org_import_xlsx


def workbook(departments=None, people_rows=None) -> io.BytesIO:
    book = Workbook()
    book.remove(book.active)
    if departments is not None:
        sheet = book.create_sheet("部门")
        sheet.append(["部门名称*", "机构代码*", "上级部门", "排序"])
        for row in departments:
            sheet.append(row)
    if people_rows is not None:
        sheet = book.create_sheet("人员")
        sheet.append(["登录名*", "姓名*", "部门*", "职务", "排序号", "电话", "电子邮箱"])
        for row in people_rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_good_file_imports_departments_then_people(people):
    upload = workbook(
        departments=[["信息科", "XXK", "规划处", 5], ["信息二科", "XXEK", "信息科", 6]],
        people_rows=[
            ["zhangsan", "张三", "信息科", "科员", 500, "0571-1", "zs@example.cn"],
            ["LiSi", "李四", "XXEK", "", None, "", ""],
            ["wangwu", "王五", "能源处", "科员", "", "", ""],
        ],
    )
    result = org_import_xlsx(actor=people.sys_admin, agency=people.agency, upload=upload)
    assert [d.name for d in result.departments] == ["信息科", "信息二科"]
    second = Department.objects.get(code="XXEK")
    assert second.parent.name == "信息科"
    assert second.parent.parent == people.planning
    lisi = Person.objects.get(username="lisi")
    assert lisi.department == second
    assert lisi.must_change_password
    assert lisi.check_password({p.username: pw for p, pw in result.people}["lisi"])
    assert AuditEvent.objects.filter(action="org.person.create").count() == 3
    assert AuditEvent.objects.get(action="org.import.apply").details == {
        "departments": 2,
        "people": 3,
    }


def test_bad_rows_are_each_reported_and_nothing_is_imported(people):
    before = (Department.objects.count(), Person.objects.count())
    upload = workbook(
        departments=[
            ["信息科", "XXK", "", ""],
            ["规划处", "NEW", "", ""],
            ["无代码", "", "", ""],
            ["坏上级", "HUAI", "不存在的处", ""],
            ["坏代码", "x!", "", ""],
        ],
        people_rows=[
            ["ok1", "正常", "信息科", "", "", "", ""],
            ["staff", "重名", "信息科", "", "", "", ""],
            ["bad name", "空格", "信息科", "", "", "", ""],
            ["ok2", "无部门", "", "", "", "", ""],
            ["ok3", "错部门", "外星处", "", "", "", ""],
            ["ok4", "排序错", "信息科", "", "第一", "", ""],
            ["ok5", "邮箱错", "信息科", "", "", "", "not-an-email"],
            ["ok1", "重复", "信息科", "", "", "", ""],
        ],
    )
    with pytest.raises(ValidationFailed) as excinfo:
        org_import_xlsx(actor=people.sys_admin, agency=people.agency, upload=upload)
    rows = excinfo.value.fields["rows"]
    assert "未导入任何数据" in excinfo.value.message
    expected = [
        "部门表第 3 行：部门“规划处”或机构代码“NEW”已存在",
        "部门表第 4 行：部门名称和机构代码必填",
        "部门表第 5 行：上级部门“不存在的处”不存在",
        "人员表第 3 行：登录名“staff”已被使用",
        "人员表第 5 行：登录名、姓名和部门必填",
        "人员表第 6 行：部门“外星处”不存在",
        "人员表第 7 行：排序号应为整数，实际为“第一”",
        "人员表第 9 行：登录名“ok1”已被使用",
    ]
    for message in expected:
        assert message in rows, (message, rows)
    assert any(r.startswith("部门表第 6 行：") and "机构代码" in r for r in rows)
    assert any(r.startswith("人员表第 4 行：") and "登录名应为" in r for r in rows)
    assert any(r.startswith("人员表第 8 行：") for r in rows)  # bad e-mail
    assert (Department.objects.count(), Person.objects.count()) == before
    assert not AuditEvent.objects.filter(action="org.import.apply").exists()


def test_not_an_excel_file(people):
    for content, message in [
        (b"%PDF-1.7 fake", "不是 Excel 工作簿"),
        (b"PK\x03\x04broken zip", "无法读取"),
    ]:
        with pytest.raises(ValidationFailed) as excinfo:
            org_import_xlsx(
                actor=people.sys_admin, agency=people.agency, upload=io.BytesIO(content)
            )
        assert message in excinfo.value.message


def test_workbook_without_the_sheets(people):
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    with pytest.raises(ValidationFailed, match="没有名为"):
        org_import_xlsx(actor=people.sys_admin, agency=people.agency, upload=buffer)


def test_only_the_sys_admin_imports(people):
    with pytest.raises(PermissionDenied):
        org_import_xlsx(actor=people.sec_admin, agency=people.agency, upload=workbook([], []))


def test_template_imports_into_an_empty_agency(db):
    from govoa.core.vocabulary import Role
    from govoa.testing.factories import AgencyFactory, PersonFactory, grant

    agency = AgencyFactory()
    admin = PersonFactory(agency=agency, department=None)
    grant(admin, Role.SYS_ADMIN)
    result = org_import_xlsx(actor=admin, agency=agency, upload=io.BytesIO(import_template()))
    assert sorted(d.code for d in result.departments) == ["BGS", "MSK"]
    assert Department.objects.get(agency=agency, code="MSK").parent.code == "BGS"
    assert [p.username for p, _password in result.people] == ["zhangsan"]
