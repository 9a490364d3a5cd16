"""XLSX import of departments and people: every row is checked first, each bad row is
reported with its reason, and nothing is imported unless every row is good."""

from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import GovOAError, ValidationFailed
from govoa.core.xlsx import read_sheets, workbook_bytes
from govoa.org.models import Agency, Department, Person
from govoa.org.policies import can_manage_accounts
from govoa.org.services.people import build_person, generate_initial_password

DEPARTMENT_SHEET, PEOPLE_SHEET = "部门", "人员"
DEPARTMENT_HEADERS = ["部门名称*", "机构代码*", "上级部门", "排序"]
PEOPLE_HEADERS = ["登录名*", "姓名*", "部门*", "职务", "排序号", "电话", "电子邮箱"]


@dataclass
class ImportResult:
    departments: list[Department] = field(default_factory=list)
    people: list[tuple[Person, str]] = field(default_factory=list)  # with initial passwords


def import_template() -> bytes:
    return workbook_bytes(
        [
            (
                DEPARTMENT_SHEET,
                DEPARTMENT_HEADERS,
                [["办公室", "BGS", "", 10], ["秘书科", "MSK", "办公室", 11]],
            ),
            (
                PEOPLE_SHEET,
                PEOPLE_HEADERS,
                [
                    [
                        "zhangsan",
                        "张三",
                        "办公室",
                        "科员",
                        500,
                        "0571-12345678",
                        "zhangsan@example.gov.cn",
                    ]
                ],
            ),
        ]
    )


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(row: dict[str, Any], key: str, default: int, errors: list[str], where: str) -> int:
    raw = _text(row, key)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        errors.append(f"{where}：{key}应为整数，实际为“{raw}”")
        return default
    if value < 0:
        errors.append(f"{where}：{key}不能为负数")
        return default
    return value


def _describe(exc: GovOAError) -> str:
    parts = [f"{', '.join(msgs)}" for msgs in exc.fields.values()] or [exc.message]
    return "；".join(parts)


class _Plan:
    """The import worked out in memory, checked against the database and itself."""

    def __init__(self, agency: Agency):
        self.agency = agency
        self.errors: list[str] = []
        existing = list(Department.objects.filter(agency=agency))
        self.by_key: dict[str, Department] = {}
        for dept in existing:
            self.by_key[dept.name] = dept
            self.by_key[dept.code] = dept
        self.new_departments: list[tuple[Department, str, str]] = []  # (dept, parent key, where)
        self.new_people: list[Person] = []

    def add_departments(self, rows: list[dict[str, Any]]) -> None:
        seen: set[str] = set()
        for row in rows:
            where = f"部门表第 {row['__row__']} 行"
            name, code = _text(row, "部门名称"), _text(row, "机构代码").upper()
            order = _number(row, "排序", 100, self.errors, where)
            if not name or not code:
                self.errors.append(f"{where}：部门名称和机构代码必填")
                continue
            if name in self.by_key or code in self.by_key or name in seen or code in seen:
                self.errors.append(f"{where}：部门“{name}”或机构代码“{code}”已存在")
                continue
            dept = Department(agency=self.agency, name=name, code=code, order=order)
            try:
                dept.full_clean(exclude=["parent", "agency"])
            except Exception as exc:
                self.errors.append(f"{where}：{'；'.join(getattr(exc, 'messages', [str(exc)]))}")
                continue
            seen.update({name, code})
            self.new_departments.append((dept, _text(row, "上级部门"), where))
        for dept, _parent_key, _where in self.new_departments:
            self.by_key[dept.name] = dept
            self.by_key[dept.code] = dept
        for dept, parent_key, where in self.new_departments:
            if parent_key:
                parent = self.by_key.get(parent_key) or self.by_key.get(parent_key.upper())
                if parent is None:
                    self.errors.append(f"{where}：上级部门“{parent_key}”不存在")
                elif parent is dept:
                    self.errors.append(f"{where}：上级部门不能是它自己")
                else:
                    dept.parent = parent
        self._check_cycles()

    def _check_cycles(self) -> None:
        for dept, _key, where in self.new_departments:
            seen, node = set(), dept.parent
            while node is not None:
                if id(node) in seen or node is dept:
                    self.errors.append(f"{where}：上级部门形成循环")
                    break
                seen.add(id(node))
                node = node.parent

    def add_people(self, rows: list[dict[str, Any]]) -> None:
        usernames = [_text(r, "登录名").lower() for r in rows]
        taken = set(
            Person.objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        seen: set[str] = set()
        for row in rows:
            where = f"人员表第 {row['__row__']} 行"
            username, real_name = _text(row, "登录名").lower(), _text(row, "姓名")
            dept_key = _text(row, "部门")
            if not username or not real_name or not dept_key:
                self.errors.append(f"{where}：登录名、姓名和部门必填")
                continue
            if username in taken or username in seen:
                self.errors.append(f"{where}：登录名“{username}”已被使用")
                continue
            department = self.by_key.get(dept_key) or self.by_key.get(dept_key.upper())
            if department is None:
                self.errors.append(f"{where}：部门“{dept_key}”不存在")
                continue
            rank = _number(row, "排序号", 1000, self.errors, where)
            try:
                person = build_person(
                    agency=self.agency,
                    username=username,
                    real_name=real_name,
                    department=department if department.pk else None,
                    title=_text(row, "职务"),
                    rank_order=rank,
                    phone=_text(row, "电话"),
                    email=_text(row, "电子邮箱"),
                )
            except ValidationFailed as exc:
                self.errors.append(f"{where}：{_describe(exc)}")
                continue
            person.department = department
            seen.add(username)
            self.new_people.append(person)


def org_import_xlsx(*, actor: Person, agency: Agency, upload: BinaryIO) -> ImportResult:
    if not can_manage_accounts(actor, agency):
        raise audit_denied(
            action="org.import.apply",
            actor=actor,
            agency_id=agency.pk,
            reason="只有本机关系统管理员可以批量导入。",
        )
    sheets = read_sheets(upload)
    if DEPARTMENT_SHEET not in sheets and PEOPLE_SHEET not in sheets:
        raise ValidationFailed(f"工作簿中没有名为“{DEPARTMENT_SHEET}”或“{PEOPLE_SHEET}”的工作表。")
    plan = _Plan(agency)
    plan.add_departments(sheets.get(DEPARTMENT_SHEET, []))
    plan.add_people(sheets.get(PEOPLE_SHEET, []))
    if plan.errors:
        raise ValidationFailed(
            f"导入文件有 {len(plan.errors)} 处错误，未导入任何数据。请修改后重新上传。",
            fields={"rows": plan.errors},
        )
    if not plan.new_departments and not plan.new_people:
        raise ValidationFailed("文件中没有可导入的行。")
    result = ImportResult()
    with transaction.atomic():
        # Parents first: a department may name a parent that is itself new in this file.
        pending = [dept for dept, _key, _where in plan.new_departments]
        while pending:
            ready = [d for d in pending if d.parent is None or d.parent.pk is not None]
            for dept in ready:
                dept.parent_id = dept.parent.pk if dept.parent else None
                dept.save()
                audit_record(
                    action="org.department.create",
                    actor=actor,
                    obj=dept,
                    details={"name": dept.name, "code": dept.code, "import": True},
                )
                result.departments.append(dept)
            pending = [d for d in pending if d.pk is None]
        for person in plan.new_people:
            assert person.department is not None
            person.department_id = person.department.pk
            password = generate_initial_password()
            person.set_password(password)
            person.save()
            audit_record(
                action="org.person.create",
                actor=actor,
                obj=person,
                details={"username": person.username, "import": True},
            )
            result.people.append((person, password))
        audit_record(
            action="org.import.apply",
            actor=actor,
            agency_id=agency.pk,
            details={"departments": len(result.departments), "people": len(result.people)},
        )
    return result
