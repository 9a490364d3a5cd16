"""Test support for 印章管理: the seal keeper, the office head, seals and usage requests."""

import datetime
import io
from dataclasses import dataclass
from typing import Any

from govoa.core.vocabulary import Role
from govoa.org.models import Person
from govoa.seals.models import Seal, SealUsage
from govoa.seals.services.registry import SealData, seal_register
from govoa.seals.services.usages import UsageData, seal_usage_request
from govoa.testing.factories import grant, make_person
from govoa.testing.pdfs import pdf_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@dataclass
class SealsCast:
    keeper: Person  # 印章管理员, custodian of the 公章
    office_head: Person


def seals_cast(people: Any) -> SealsCast:
    keeper = make_person(department=people.office, real_name="印章管理员", username="yzgly")
    grant(keeper, Role.SEAL_KEEPER)
    office_head = Person.objects.filter(
        agency=people.agency, role_assignments__role=Role.OFFICE_HEAD
    ).first()
    if office_head is None:
        office_head = make_person(
            department=people.office, real_name="办公室主任", username="officehead"
        )
        grant(office_head, Role.OFFICE_HEAD)
        grant(office_head, Role.DEPT_HEAD, [people.office])
    return SealsCast(keeper=keeper, office_head=office_head)


def make_seal(
    cast: SealsCast, seal_type: str = "official", *, name: str = "", **fields: Any
) -> Seal:
    data = SealData(
        name=name or f"测试市发展和改革委员会{'公章' if seal_type == 'official' else seal_type}",
        seal_type=seal_type,
        custodian_id=fields.pop("custodian", cast.keeper).pk,
        made_on=datetime.date(2020, 3, 1),
        made_approval="测发改〔2020〕1号",
        **fields,
    )
    return seal_register(actor=cast.office_head, data=data)


def pdf_upload(name: str = "合同.pdf") -> tuple[str, io.BytesIO]:
    return name, io.BytesIO(pdf_of())


def request_usage(person: Person, seal: Seal, **fields: Any) -> SealUsage:
    data = UsageData(
        seal_id=seal.pk,
        reason=fields.pop("reason", "报送年度工作总结"),
        use_unit=fields.pop("use_unit", "测试市人民政府办公室"),
        copies=fields.pop("copies", 3),
        **fields,
    )
    upload = None if data.outgoing_document_id else pdf_upload()
    return seal_usage_request(actor=person, data=data, upload=upload)


@dataclass
class SealsLedger:
    seal_ids: list[int]
    usage_ids: list[int]  # one under approval, one approved, one stamped


def seals_ledger(people: Any, cast: SealsCast) -> SealsLedger:
    from govoa.flow.models import WorkItem
    from govoa.flow.services.acts import work_item_act
    from govoa.seals.services.usages import seal_usage_stamp

    official = make_seal(cast)
    steel = make_seal(cast, "steel", name="测试市发展和改革委员会钢印")
    usages = [request_usage(people.staff, official, reason=f"报送材料{n}") for n in range(3)]
    for usage in usages[1:]:
        item = WorkItem.objects.filter(
            instance__subject_type="seals.sealusage", instance__subject_id=usage.pk
        ).first()
        assert item is not None
        work_item_act(actor=item.assignee, item_id=item.pk, action="approve", opinion="同意")
    seal_usage_stamp(actor=cast.keeper, usage_id=usages[2].pk, count=usages[2].copies)
    return SealsLedger([official.pk, steel.pk], [u.pk for u in usages])
