"""Building 发文 for tests: the people of its flow, a category, a draft that passes the
核稿助手."""

from dataclasses import dataclass
from typing import Any

from govoa.core.vocabulary import Classification, Role
from govoa.org.models import Person
from govoa.outgoing.draft import Draft
from govoa.outgoing.models import DocumentCategory, OutgoingDocument
from govoa.outgoing.services.drafting import outgoing_create
from govoa.testing.factories import grant, make_person

BODY = """为做好2027年重点项目谋划工作，现将有关事项通知如下。
一、工作目标
围绕全市发展规划，谋划储备一批打基础、利长远的重点项目。
二、主要任务
（一）摸清项目底数
各单位要全面梳理本领域项目，建立项目清单。
（二）加强要素保障
1. 强化用地保障
2. 强化资金保障
三、工作要求
请于2026年12月10日前将项目清单报送市发展和改革委员会。"""


@dataclass
class OutgoingCast:
    office_head: Person
    legal: Person
    proofreader: Person
    seal_keeper: Person
    archivist: Person
    energy_head: Person


def outgoing_cast(people: Any) -> OutgoingCast:
    def person(username: str, name: str, role: Role, **extra: Any) -> Person:
        created = make_person(
            department=people.office,
            username=username,
            real_name=name,
            clearance=Classification.SECRET,
            **extra,
        )
        grant(created, role)
        return created

    energy_head = make_person(
        department=people.energy,
        real_name="能源处长",
        username="nycz2",
        clearance=Classification.SECRET,
    )
    grant(energy_head, Role.DEPT_HEAD, [people.energy])
    return OutgoingCast(
        office_head=person("hgr", "核稿人", Role.OFFICE_HEAD),
        legal=person("fzsh", "法制审核员", Role.REVIEWER),
        proofreader=person("jdy", "校对员", Role.PROOFREADER),
        seal_keeper=person("yzgl", "印章管理员", Role.SEAL_KEEPER),
        archivist=person("day", "档案员", Role.ARCHIVIST),
        energy_head=energy_head,
    )


def category(people: Any, code: str = "fa", layout: str = "standard") -> DocumentCategory:
    word = {"fa": "测发改发", "han": "测发改函"}.get(code, f"测发改{code}")
    return DocumentCategory.objects.get_or_create(
        agency=people.agency,
        code=code,
        defaults={
            "word": word,
            "name": word,
            "layout": layout,
            "issuer_mark": f"{people.agency.name}{'文件' if layout == 'standard' else ''}",
        },
    )[0]


def draft(people: Any, *, drafter: Person | None = None, **fields: Any) -> OutgoingDocument:
    data: dict[str, Any] = {
        "category_id": category(people).pk,
        "doc_type": "notice",
        "title": f"{people.agency.name}关于做好2027年重点项目谋划工作的通知",
        "recipients": "各区县发展改革局、市直各有关部门",
        "body": BODY,
        "cc": "市人民政府办公室",
        "direction": "downward",
    }
    data.update(fields)
    document, _created = outgoing_create(actor=drafter or people.staff, data=Draft(**data))
    return document
