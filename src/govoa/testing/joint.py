"""Building 联合行文 for tests: a second agency of the deployment with the people its own
会签 flow needs (签收, 审核, 核稿, 签发 — four different people) and its 印章管理员, and a
joint draft."""

from dataclasses import dataclass
from typing import Any

from govoa.core.vocabulary import Classification, Role
from govoa.org.models import Agency, Person
from govoa.outgoing.models import JointCountersign, OutgoingDocument
from govoa.testing.factories import AgencyFactory, DepartmentFactory, grant, make_person
from govoa.testing.outgoing import draft


@dataclass
class CoIssuerCast:
    agency: Agency
    registrar: Person
    office_head: Person
    dept_head: Person
    principal: Person
    seal_keeper: Person  # 印章管理员: its 用印 of the lead's printed 正式文件


def co_issuer_cast(name: str = "测试市财政局", prefix: str = "cz") -> CoIssuerCast:
    agency: Any = AgencyFactory(name=name, short_name=name, doc_code=f"测{prefix}")
    office = DepartmentFactory(agency=agency, name="办公室", code="BGS")
    planning: Any = DepartmentFactory(agency=agency, name="规划处", code="GHC")

    def person(role: Role, label: str) -> Person:
        created = make_person(
            department=planning if role == Role.DEPT_HEAD else office,
            username=f"{prefix}{role.value}",
            real_name=f"{name[-3:]}{label}",
            clearance=Classification.SECRET,
        )
        grant(created, role, [planning] if role == Role.DEPT_HEAD else None)
        return created

    return CoIssuerCast(
        agency=agency,
        registrar=person(Role.REGISTRAR, "收发员"),
        office_head=person(Role.OFFICE_HEAD, "办公室主任"),
        dept_head=person(Role.DEPT_HEAD, "规划处长"),
        principal=person(Role.LEADER_PRINCIPAL, "局长"),
        seal_keeper=person(Role.SEAL_KEEPER, "印章管理员"),
    )


def joint_draft(people: Any, *co: CoIssuerCast, **fields: Any) -> OutgoingDocument:
    title = "、".join([people.agency.name, *(c.agency.name for c in co)])
    fields.setdefault("title", f"{title}关于做好2027年重点项目谋划工作的通知")
    fields.setdefault("co_issuer_ids", [c.agency.pk for c in co])
    return draft(people, **fields)


def request_of(document: OutgoingDocument, co: CoIssuerCast) -> JointCountersign:
    return JointCountersign.objects.get(
        document=document, agency=co.agency, round=document.joint_round
    )
