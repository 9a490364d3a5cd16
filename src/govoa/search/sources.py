"""The sources this app itself knows: 收文, 发文, 督办, 会议. Each is one ``SearchSource``; a
module the search app may import adds one entry to ``register_all``; a module
beside it (archives) calls ``register_search_source`` from its own ``ready``
(docs/apps/search.md)."""

from django.urls import reverse

from govoa.core.search_sources import Indexed, SearchSource, Watched, register_search_source
from govoa.incoming.models import IncomingAttachment, IncomingDocument
from govoa.incoming.policies import incoming_documents_visible_q, incoming_register_scopes
from govoa.meetings.models import Material, Meeting
from govoa.meetings.policies import meetings_visible_q
from govoa.outgoing.models import OutgoingAttachment, OutgoingDocument
from govoa.outgoing.policies import outgoing_documents_visible_q, outgoing_register_scopes
from govoa.supervision.models import SupervisionTask, TaskAttachment, TaskStep
from govoa.supervision.policies import tasks_visible_q


def _incoming(document: IncomingDocument) -> Indexed:
    return Indexed(
        agency_id=document.agency_id,
        classification=document.classification,
        title=document.title,
        number=" ".join(n for n in (document.number, document.source_number) if n),
        text=document.source_org,
        date=document.received_at,
        department_id=document.lead_department_id,
        files=[a.file for a in document.attachments.select_related("file")],
    )


def _outgoing(document: OutgoingDocument) -> Indexed:
    return Indexed(
        agency_id=document.agency_id,
        classification=document.classification,
        title=document.title,
        number=document.number,
        text=document.body,
        date=document.signed_at or document.created_at,
        department_id=document.drafting_department_id,
        files=[a.file for a in document.attachments.select_related("file")],
    )


def _task(task: SupervisionTask) -> Indexed:
    steps = [step.title for step in task.steps.all()]
    return Indexed(
        agency_id=task.agency_id,
        classification=task.classification,
        title=task.title,
        text="\n".join([task.background, task.goal, task.deliverables, *steps]),
        date=task.created_at,
        department_id=task.department_id,
        files=[a.file for a in task.attachments.select_related("file")],
    )


def _meeting(meeting: Meeting) -> Indexed:
    return Indexed(
        agency_id=meeting.agency_id,
        classification=meeting.classification,
        title=meeting.title,
        text="\n".join([meeting.agenda, meeting.expected_outcome, meeting.place]),
        date=meeting.starts_at,
        department_id=meeting.department_id,
        files=[m.file for m in meeting.materials.select_related("file")],
    )


def register_all() -> None:
    register_search_source(
        SearchSource(
            key="incoming",
            label="收文",
            model=IncomingDocument,
            visible_q=incoming_documents_visible_q,
            scopes=incoming_register_scopes,
            department_field="lead_department_id",
            indexed=_incoming,
            url=lambda pk: reverse("incoming:document_detail", args=[pk]),
            watched=(Watched(IncomingAttachment, lambda row: row.document_id),),
            fields=frozenset(
                [
                    "title",
                    "number",
                    "source_number",
                    "source_org",
                    "classification",
                    "received_at",
                    "lead_department",
                    "lead_department_id",
                    "agency",
                ]
            ),
        )
    )
    register_search_source(
        SearchSource(
            key="outgoing",
            label="发文",
            model=OutgoingDocument,
            visible_q=outgoing_documents_visible_q,
            scopes=outgoing_register_scopes,
            department_field="drafting_department_id",
            indexed=_outgoing,
            url=lambda pk: reverse("outgoing:document_detail", args=[pk]),
            watched=(Watched(OutgoingAttachment, lambda row: row.document_id),),
            fields=frozenset(
                [
                    "title",
                    "number",
                    "body",
                    "classification",
                    "signed_at",
                    "created_at",
                    "drafting_department",
                    "drafting_department_id",
                    "agency",
                ]
            ),
        )
    )
    register_search_source(
        SearchSource(
            key="supervision",
            label="督办事项",
            model=SupervisionTask,
            visible_q=tasks_visible_q,
            indexed=_task,
            url=lambda pk: reverse("supervision:task_detail", args=[pk]),
            watched=(
                Watched(TaskAttachment, lambda row: row.task_id),
                Watched(TaskStep, lambda row: row.task_id),
            ),
            fields=frozenset(
                [
                    "title",
                    "background",
                    "goal",
                    "deliverables",
                    "classification",
                    "department",
                    "department_id",
                    "created_at",
                    "agency",
                ]
            ),
        )
    )
    register_search_source(
        SearchSource(
            key="meetings",
            label="会议",
            model=Meeting,
            visible_q=meetings_visible_q,
            indexed=_meeting,
            url=lambda pk: reverse("meetings:detail", args=[pk]),
            watched=(Watched(Material, lambda row: row.meeting_id),),
            fields=frozenset(
                [
                    "title",
                    "agenda",
                    "expected_outcome",
                    "place",
                    "classification",
                    "starts_at",
                    "department",
                    "department_id",
                    "agency",
                ]
            ),
        )
    )
