"""Building 收文 for tests: the people of its flow, and registered documents."""

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from govoa.core.vocabulary import Classification, Role
from govoa.incoming.services.registration import Registration, incoming_register
from govoa.org.models import Person
from govoa.testing.factories import grant, make_person

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class IncomingCast:
    office_head: Person
    energy_head: Person
    office_dept_head: Person
    readers: list[Person]


def incoming_cast(people: Any) -> IncomingCast:
    office_head = make_person(
        department=people.office,
        real_name="办公室主任",
        username="bgszr",
        clearance=Classification.HIGHLY_SECRET,
    )
    grant(office_head, Role.OFFICE_HEAD)
    office_dept_head = make_person(
        department=people.office,
        real_name="秘书科长",
        username="mskz",
        clearance=Classification.SECRET,
    )
    grant(office_dept_head, Role.DEPT_HEAD, [people.office])
    energy_head = make_person(
        department=people.energy,
        real_name="能源处长",
        username="nycz",
        clearance=Classification.SECRET,
    )
    grant(energy_head, Role.DEPT_HEAD, [people.energy])
    readers = [
        make_person(department=people.energy, real_name=f"阅读人{n}", username=f"yuedu{n}")
        for n in range(1, 4)
    ]
    return IncomingCast(office_head, energy_head, office_dept_head, readers)


def registration(**fields: Any) -> Registration:
    defaults: dict[str, Any] = {
        "source_org": "某省发展和改革委员会",
        "source_number": "某发改〔2026〕88号",
        "title": "关于做好2027年重点项目谋划工作的通知",
        "doc_type": "notice",
        "received_at": timezone.now() - datetime.timedelta(minutes=5),
        "written_on": timezone.localdate() - datetime.timedelta(days=3),
        "uploads": [("通知正文.pdf", io.BytesIO(PDF))],
    }
    defaults.update(fields)
    return Registration(**defaults)


def register(people: Any, **fields: Any) -> Any:
    confirm = fields.pop("confirm_duplicate", False)
    return incoming_register(
        actor=people.registrar, data=registration(**fields), confirm_duplicate=confirm
    )


def receive_by_exchange(people: Any, **payload: Any) -> Any:
    """A document sent by another agency of the platform to ``people``'s agency."""
    from govoa.documents.exchange import exchange_send
    from govoa.incoming.models import IncomingDocument
    from govoa.testing.factories import AgencyFactory

    sender: Any = AgencyFactory(name="测试市工业和信息化局", short_name="测试市工信局")
    exchange = exchange_send(
        actor=people.staff,
        sender_agency=sender,
        receiver_agency=people.agency,
        source_type="test.source",
        source_id=1,
        number="测工信发〔2026〕3号",
        title="关于开展工业企业调查的通知",
        payload={
            "doc_type": "notice",
            "classification": 0,
            "urgency": "normal",
            "written_on": "2026-11-20",
            **payload,
        },
        files=[],
    )
    assert exchange.target_id is not None
    return IncomingDocument.objects.get(pk=exchange.target_id)
