"""印章 in the generated agency: the registry (through the services), years of stamped
requests — the 用印登记簿 — inserted in bulk, each naming a 发文 of the history, and a few
requests under approval through the services (real flows and work items).

Simplification: the history's requests have no flow rows (their approval is the approver
and the time recorded on them); the register, its exports and the API read these rows."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from govoa.core.vocabulary import Role
from govoa.demo.loadgen.agency import Org
from govoa.demo.loadgen.scales import Scale
from govoa.org.models import Person, RoleAssignment
from govoa.outgoing.models import OutgoingDocument
from govoa.seals.models import Seal, SealUsage
from govoa.seals.services.registry import SealData, seal_register
from govoa.seals.services.usages import UsageData, seal_usage_request
from govoa.seals.workflow import SealType, UsageStatus

BATCH = 2_000
OUTGOING = "outgoing.outgoingdocument"
UNITS = ["省人民政府办公厅", "省财政厅", "国家发展改革委", "各市发展改革委", "省统计局"]


def _registry(org: Org, keeper: Person) -> list[Seal]:
    office_head = Person.objects.get(pk=org.office_head)
    made_on = timezone.localdate() - datetime.timedelta(days=365 * 5)
    kinds = [
        (SealType.OFFICIAL, f"{org.agency.name}公章", None),
        (SealType.PARTY, f"中共{org.agency.name}党组印章", None),
        (SealType.CONTRACT, f"{org.agency.name}合同专用章", None),
        (SealType.STEEL, f"{org.agency.name}钢印", None),
        *(
            (SealType.DEPARTMENT, f"{org.agency.name}部门章{n + 1}", d)
            for n, d in enumerate(org.business[:2])
        ),
    ]
    return [
        seal_register(
            actor=office_head,
            data=SealData(
                name=name,
                seal_type=kind,
                custodian_id=keeper.pk,
                made_on=made_on,
                made_approval="省发改〔刻制〕批准",
                department_id=department,
            ),
        )
        for kind, name, department in kinds
    ]


def _history(org: Org, seals: list[Seal], keeper: int, scale: Scale, rng: random.Random) -> int:
    """About one stamped request for every four finished 发文, each on one of them."""
    documents = list(
        OutgoingDocument.objects.filter(agency=org.agency)
        .exclude(number="")
        .order_by("pk")
        .values_list("pk", "title", "number", "drafting_department_id", "created_at")[
            : max(scale.outgoing // 4, 1)
        ]
    )
    made = 0
    for first in range(0, len(documents), BATCH):
        rows = []
        for pk, title, number, department, created in documents[first : first + BATCH]:
            department = department or rng.choice(org.business)
            copies = rng.randint(1, 20)
            stamped = created + datetime.timedelta(days=rng.randint(1, 5))
            rows.append(
                SealUsage(
                    agency_id=org.agency.pk,
                    seal=rng.choice(seals[:3]),
                    requester_id=org.heads.get(department, org.office_head),
                    department_id=department,
                    reason=f"报送：{title}"[:300],
                    use_unit=rng.choice(UNITS),
                    copies=copies,
                    document_type=OUTGOING,
                    document_id=pk,
                    document_title=title[:300],
                    document_number=number,
                    status=UsageStatus.STAMPED,
                    approved_by_id=org.office_head,
                    approved_at=stamped - datetime.timedelta(hours=2),
                    stamped_by_id=keeper,
                    stamped_at=stamped,
                    stamped_count=copies,
                    created_at=stamped - datetime.timedelta(hours=4),
                    updated_at=stamped,
                )
            )
        with transaction.atomic():
            SealUsage.objects.bulk_create(rows)
        made += len(rows)
    return made


def _open_requests(org: Org, seals: list[Seal]) -> int:
    """Each business department's head asks to stamp one of their own 发文."""
    made = 0
    for department in org.business[:4]:
        head = Person.objects.get(pk=org.heads[department])
        document = (
            OutgoingDocument.objects.filter(agency=org.agency, drafter=head).order_by("-pk").first()
        )
        if document is None:
            continue
        seal_usage_request(
            actor=head,
            data=UsageData(
                seal_id=seals[0].pk,
                reason=f"报送：{document.title}"[:300],
                use_unit=UNITS[made % len(UNITS)],
                copies=3,
                outgoing_document_id=document.pk,
            ),
        )
        made += 1
    return made


def grow_seals(org: Org, scale: Scale, rng: random.Random) -> dict[str, int]:
    keeper_id = (
        RoleAssignment.objects.filter(person__agency=org.agency, role=Role.SEAL_KEEPER)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .first()
    )
    keeper = Person.objects.get(pk=keeper_id or org.office_head)
    seals = _registry(org, keeper)
    stamped = _history(org, seals, keeper.pk, scale, rng)
    return {
        "seals.Seal": len(seals),
        "seals.SealUsage": stamped + _open_requests(org, seals),
    }
