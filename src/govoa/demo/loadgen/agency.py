"""The generated agency: departments, people and their roles, written in bulk.

Layout (the prototypes and the cloning rely on it):
- 办公室 (``BGS``): the office head, two registrars (收发员), a reviewer (法制审核), a
  proofreader, a seal keeper and an archivist, then staff;
- 委领导 (``WLD``): the principal leader and the deputies; deputy ``k`` covers every
  business department whose index is ``k`` modulo the number of deputies;
- the business departments (处室) ``D01`` …: the head first (处室负责人 of that department),
  then the members."""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.vocabulary import Classification, Role
from govoa.demo.data import COMMISSION, DEMO_PASSWORD
from govoa.demo.loadgen.scales import Scale
from govoa.org.models import Agency, Department, Person, RoleAssignment, RoleScopeKind
from govoa.org.services.setup import agency_setup
from govoa.outgoing.models import DocumentCategory

AGENCY_NAME = "某省发展和改革委员会（负载测试）"
USERNAME_PREFIX = "lg."

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红春梅海燕鹏飞宇浩然晨"
    "曦思远文博欣怡子涵雨轩佳琪梓萱俊杰嘉怡"
)
DEPARTMENT_NAMES = [
    "综合规划处",
    "国民经济综合处",
    "固定资产投资处",
    "法规处",
    "财政金融处",
    "产业发展处",
    "高技术产业处",
    "农村经济处",
    "基础设施发展处",
    "能源处",
    "资源节约和环境保护处",
    "社会发展处",
    "就业收入分配处",
    "经济贸易处",
    "利用外资和境外投资处",
    "区域经济处",
    "价格处",
    "收费管理处",
    "价格监督检查处",
    "营商环境处",
    "信用建设处",
    "重大项目处",
    "政策研究室",
    "体制改革处",
    "服务业发展处",
    "粮食和物资储备处",
    "交通运输处",
    "城市发展处",
    "招标投标管理处",
    "评估督导处",
    "对口支援处",
    "数字经济处",
    "人事处",
    "机关党委",
    "离退休干部处",
    "统计处",
    "国防动员处",
    "安全生产处",
]


@dataclass
class Org:
    """Who is who in the generated agency (by primary key)."""

    agency: Agency
    office: int  # department pk of 办公室
    leadership: int  # department pk of 委领导
    business: list[int] = field(default_factory=list)  # department pks, D01 first
    heads: dict[int, int] = field(default_factory=dict)  # department pk → head's pk
    members: dict[int, list[int]] = field(default_factory=dict)  # department pk → members
    deputies: list[int] = field(default_factory=list)
    principal: int = 0
    office_head: int = 0
    registrars: list[int] = field(default_factory=list)
    clearance: dict[int, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    def deputy_for(self, department: int) -> int:
        return self.deputies[self.business.index(department) % len(self.deputies)]


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        if name not in taken or len(taken) > 5000:
            taken.add(name)
            return name


def build_org(scale: Scale, rng: random.Random) -> Org:
    with transaction.atomic():
        agency, _accounts = agency_setup(
            name=AGENCY_NAME,
            short_name="省发改委",
            doc_code="省发改",
            fonds_code="LG01",
            username_prefix=USERNAME_PREFIX,
            passwords={
                f"{USERNAME_PREFIX}{n}": DEMO_PASSWORD
                for n in ("sysadmin", "secadmin", "auditadmin")
            },
        )
        names = [*DEPARTMENT_NAMES]
        names += [f"第{i}业务处" for i in range(len(names) + 1, scale.departments + 1)]
        departments = Department.objects.bulk_create(
            [
                Department(agency=agency, name="办公室", code="BGS", order=10),
                Department(agency=agency, name="委领导", code="WLD", order=5),
            ]
            + [
                Department(agency=agency, name=names[i], code=f"D{i + 1:02d}", order=20 + i)
                for i in range(scale.departments)
            ]
        )
        if departments[0].pk is None:  # backends that do not return keys from bulk inserts
            departments = list(Department.objects.filter(agency=agency).order_by("order"))
            departments.insert(0, departments.pop(1))
        office, leadership, *business = departments
        org = Org(agency, office.pk, leadership.pk, [d.pk for d in business])
        _people(org, scale, rng)
        for order, (code, word, name, layout, mark) in enumerate(COMMISSION.categories, start=1):
            DocumentCategory.objects.create(
                agency=agency,
                code=code,
                word=word.replace("市", "省"),
                name=name,
                layout=layout,
                issuer_mark=mark.replace("某市", "某省"),
                order=order * 10,
            )
        audit_record(
            action="demo.loadgen.agency",
            obj=agency,
            agency_id=agency.pk,
            details={"scale": scale.name, "people": scale.people},
        )
    return org


def _people(org: Org, scale: Scale, rng: random.Random) -> None:
    password = make_password(DEMO_PASSWORD)
    now = timezone.now()
    taken: set[str] = set()
    rows: list[tuple[int, str, Role | None, int]] = []  # department, title, role, clearance
    C = Classification
    n_deputies = max(1, scale.departments // 6)
    rows.append((org.leadership, "主任", Role.LEADER_PRINCIPAL, C.TOP_SECRET))
    rows += [(org.leadership, "副主任", Role.LEADER_DEPUTY, C.TOP_SECRET)] * n_deputies
    rows.append((org.office, "办公室主任", Role.OFFICE_HEAD, C.HIGHLY_SECRET))
    rows += [(org.office, "文书", Role.REGISTRAR, C.HIGHLY_SECRET)] * 2
    rows.append((org.office, "法制审核员", Role.REVIEWER, C.HIGHLY_SECRET))
    rows.append((org.office, "校对员", Role.PROOFREADER, C.SECRET))
    rows.append((org.office, "印章管理员", Role.SEAL_KEEPER, C.SECRET))
    rows.append((org.office, "档案员", Role.ARCHIVIST, C.HIGHLY_SECRET))
    rows.append((org.office, "科员", None, C.SECRET))
    for department in org.business:
        rows.append((department, "处长", Role.DEPT_HEAD, C.HIGHLY_SECRET))
    left = max(scale.people - len(rows), 4 * len(org.business))
    for i in range(left):
        clearance: int = C.SECRET if rng.random() < 0.7 else C.INTERNAL
        rows.append((org.business[i % len(org.business)], "科员", None, clearance))
    people = []
    for n, (department, title, _role, clearance) in enumerate(rows, start=1):
        people.append(
            Person(
                username=f"{USERNAME_PREFIX}{n:04d}",
                real_name=_name(rng, taken),
                agency=org.agency,
                department_id=department,
                title=title,
                rank_order=100 + n,
                clearance=clearance,
                password=password,
                must_change_password=False,
                password_changed_at=now,
            )
        )
    Person.objects.bulk_create(people, batch_size=500)
    saved = {
        p.username: p
        for p in Person.objects.filter(
            agency=org.agency, username__startswith=f"{USERNAME_PREFIX}0"
        )
    }
    people = [saved[p.username] for p in people]
    assignments: list[RoleAssignment] = []
    scoped: list[tuple[int, list[int]]] = []  # (index of assignment, departments)
    for person, (department, _title, role, _clearance) in zip(people, rows, strict=True):
        org.clearance[person.pk] = person.clearance
        org.names[person.pk] = person.real_name
        if role is None:
            org.members.setdefault(department, []).append(person.pk)
            continue
        if role == Role.DEPT_HEAD:
            org.heads[department] = person.pk
            scoped.append((len(assignments), [department]))
        elif role == Role.LEADER_DEPUTY:
            index = len(org.deputies)
            org.deputies.append(person.pk)
            covers = [d for i, d in enumerate(org.business) if i % n_deputies == index]
            scoped.append((len(assignments), covers))
        elif role == Role.LEADER_PRINCIPAL:
            org.principal = person.pk
        elif role == Role.OFFICE_HEAD:
            org.office_head = person.pk
        elif role == Role.REGISTRAR:
            org.registrars.append(person.pk)
        is_scoped = role in (Role.DEPT_HEAD, Role.LEADER_DEPUTY)
        assignments.append(
            RoleAssignment(
                person=person,
                role=role,
                scope=RoleScopeKind.DEPARTMENTS if is_scoped else RoleScopeKind.AGENCY,
            )
        )
    RoleAssignment.objects.bulk_create(assignments)
    by_person = {
        a.person_id: a
        for a in RoleAssignment.objects.filter(person__agency=org.agency).exclude(
            person__username__in=[
                f"{USERNAME_PREFIX}{n}" for n in ("sysadmin", "secadmin", "auditadmin")
            ]
        )
    }
    through = RoleAssignment.departments.through
    links = []
    for index, covers in scoped:
        assignment = by_person[assignments[index].person.pk]
        links += [through(roleassignment_id=assignment.pk, department_id=d) for d in covers]
    through.objects.bulk_create(links)
