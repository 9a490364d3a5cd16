"""Four documents made through the real services — a finished 收文 and 发文, and one of each
still open — and every row those services wrote for them, captured for cloning.

Each prototype is played by people of the first two business departments (``D01`` drafts or
leads, ``D02`` countersigns), the deputy who covers ``D01``, and the agency-wide officers; the
cloner maps the department people onto other departments (see ``clone``)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Max
from django.utils import timezone

from govoa.audit.models import AuditEvent
from govoa.demo.acting import act_on
from govoa.demo.loadgen.agency import Org
from govoa.demo.outgoing import BODY
from govoa.flow.models import FlowTemplate
from govoa.flow.workflow import Action
from govoa.incoming.policies import SUBJECT_TYPE as INCOMING
from govoa.incoming.services.registration import Registration, incoming_register
from govoa.org.models import Person
from govoa.outgoing.draft import Draft
from govoa.outgoing.models import DocumentCategory
from govoa.outgoing.policies import SUBJECT_TYPE as OUTGOING
from govoa.outgoing.services.drafting import outgoing_create, outgoing_submit

INCOMING_TITLE = "关于做好年度重点项目谋划储备工作的通知"
OUTGOING_TITLE = "某省发展和改革委员会关于加快推进重点项目前期工作的通知"

# The apps whose rows a document's handling writes (their through tables included); the
# stored files are shared by the clones, not copied.
CAPTURED_APPS = ("incoming", "outgoing", "flow", "notify")


@dataclass
class Prototype:
    module: str  # "incoming" | "outgoing"
    finished: bool
    document_pk: int
    # The texts a copy replaces wherever they occur: title, number, 来文单位 and 来文文号.
    texts: dict[str, str]
    rows: dict[type[models.Model], list[dict[str, Any]]] = field(default_factory=dict)


def captured_models() -> list[type[models.Model]]:
    found: list[type[models.Model]] = []
    for label in CAPTURED_APPS:
        found += [
            m
            for m in apps.get_app_config(label).get_models(include_auto_created=True)
            if not m._meta.proxy and m is not FlowTemplate
        ]
    return [*found, AuditEvent]


def _high_water(models_: list[type[models.Model]]) -> dict[type[models.Model], int]:
    return {m: m._default_manager.aggregate(n=Max("pk"))["n"] or 0 for m in models_}


def _capture(before: dict[type[models.Model], int]) -> dict[type[models.Model], list[dict]]:
    rows = {}
    for model, high in before.items():
        columns = [f.attname for f in model._meta.concrete_fields]
        found = list(model._default_manager.filter(pk__gt=high).order_by("pk").values(*columns))
        if found:
            rows[model] = found
    return rows


def _person(pk: int) -> Person:
    return Person.objects.get(pk=pk)


def _incoming(org: Org, *, finish: bool) -> tuple[int, dict[str, str]]:
    lead = org.business[0]
    registrar, office = _person(org.registrars[0]), _person(org.office_head)
    deputy, head = _person(org.deputy_for(lead)), _person(org.heads[lead])
    handler, reader1, reader2 = (_person(pk) for pk in org.members[lead][:3])
    now = timezone.now()
    document = incoming_register(
        actor=registrar,
        data=Registration(
            source_org="某省人民政府办公厅",
            source_number=f"省政办发〔{now.year}〕{12 if finish else 13}号",
            title=INCOMING_TITLE,
            doc_type="notice",
            received_at=now,
            written_on=(now - datetime.timedelta(days=2)).date(),
        ),
    )

    def act(actor: Person, action: str = Action.APPROVE, opinion: str = "", **payload: Any) -> None:
        act_on(INCOMING, document.pk, actor=actor, action=action, opinion=opinion, payload=payload)

    act(registrar, opinion="要素齐全，符合行文规则")
    act(
        office,
        opinion="拟请分管领导批示",
        proposal_kind="instruct",
        proposed_lead=lead,
        next_assignees=[deputy.pk],
    )
    act(
        deputy,
        opinion="请牵头办理，按时报送",
        lead_department=lead,
        readers=[reader1.pk, reader2.pk],
        deadline=str(timezone.localdate() + datetime.timedelta(days=14)),
    )
    act(reader1, Action.READ, opinion="已阅")
    act(head, opinion="请承办", next_assignees=[handler.pk])
    if finish:
        act(reader2, Action.READ, opinion="已阅")
        act(handler, opinion="已按要求梳理并报送")
        act(registrar, opinion="办理完毕，办结", reply="已按要求报送")
    document.refresh_from_db()
    return document.pk, {
        "title": document.title,
        "number": document.number,
        "source_org": document.source_org,
        "source_number": document.source_number,
    }


def _outgoing(org: Org, *, finish: bool) -> tuple[int, dict[str, str]]:
    drafting, countersigning = org.business[0], org.business[1]
    drafter = _person(org.members[drafting][0])
    category = DocumentCategory.objects.get(agency=org.agency, code="fa")
    document, _created = outgoing_create(
        actor=drafter,
        data=Draft(
            category_id=category.pk,
            doc_type="notice",
            title=OUTGOING_TITLE,
            recipients="各市发展改革委，省直各有关部门",
            body=BODY,
            countersign_department_ids=[countersigning] if finish else [],
        ),
    )
    outgoing_submit(actor=drafter, document=document, opinion="请审核")

    def act(node: str, opinion: str = "同意", **payload: Any) -> None:
        act_on(OUTGOING, document.pk, node=node, opinion=opinion, payload=payload)

    act("dept_review", "同意，请会签" if finish else "同意，请办公室核稿")
    if finish:
        act("countersign", "无意见")
        act("office_review", "核稿无误")
        act("leader_sign", "同意印发")
        act("recheck", "复核无误")
        act("number")
        act("proofread", "校对无误")
        act("print", checked_by=org.office_head, copies=30)
        act("seal")
        act("distribute", departments=[countersigning], others=["各市发展和改革委员会"])
    document.refresh_from_db()
    texts = {"title": document.title}
    if document.number:
        texts["number"] = document.number
    return document.pk, texts


def make_prototypes(org: Org) -> list[Prototype]:
    captured = captured_models()
    made = []
    for module, finish, run in (
        ("incoming", True, _incoming),
        ("incoming", False, _incoming),
        ("outgoing", True, _outgoing),
        ("outgoing", False, _outgoing),
    ):
        before = _high_water(captured)
        pk, texts = run(org, finish=finish)
        made.append(Prototype(module, finish, pk, texts, _capture(before)))
    return made
