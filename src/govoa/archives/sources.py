"""Where 件 come from: one adapter per module whose finished work is archived (收文 handed
over for 归档, 发文 issued, 督办 tasks completed). A module added later (会议: its meeting
bundle) registers one more adapter with ``register_source``; intake, the queue and the
services do not change."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from govoa.archives.components import Part, non_archive_reason
from govoa.archives.workflow import ComponentRole
from govoa.documents.rendering.pdf import html_to_pdf, render_pdf


@dataclass(frozen=True)
class Bundle:
    """What a finished item brings to the archive: its catalogue fields and its files."""

    title: str
    doc_number: str
    responsible: str
    doc_type: str
    date: datetime.date
    classification: int
    department_id: int | None
    parts: Sequence[Part]
    non_archive_reason: str = ""


@dataclass(frozen=True)
class Candidate:
    """A finished item waiting in the archivist's queue."""

    source_type: str
    source_id: int
    label: str
    title: str
    number: str
    classification: int
    finished: datetime.datetime | datetime.date | None


@dataclass
class Source:
    """A module whose finished items are archived. ``finished`` is the queryset of the
    agency's finished items; ``candidate`` and ``bundle`` present one."""

    subject_type: str
    label: str
    order_field: str = "-pk"
    extra: dict[str, str] = field(default_factory=dict)

    def finished(self, agency_id: int) -> QuerySet:
        raise NotImplementedError

    def candidate(self, item: object) -> Candidate:
        raise NotImplementedError

    def bundle(self, item: object) -> Bundle:
        raise NotImplementedError


SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    SOURCES[source.subject_type] = source


def _local_date(moment: datetime.datetime | None, default: datetime.date) -> datetime.date:
    return timezone.localtime(moment).date() if moment else default


class IncomingSource(Source):
    """收文 handed over for 归档 (after 办结, with its 收文处理单): 处理单 before the 收文."""

    def finished(self, agency_id: int) -> QuerySet:
        from govoa.incoming.models import IncomingDocument

        return IncomingDocument.objects.filter(agency_id=agency_id, archive_ready_at__isnull=False)

    def candidate(self, item: object) -> Candidate:
        return Candidate(
            self.subject_type,
            item.pk,  # type: ignore[attr-defined]
            self.label,
            item.title,  # type: ignore[attr-defined]
            item.source_number or item.number,  # type: ignore[attr-defined]
            item.classification,  # type: ignore[attr-defined]
            item.archive_ready_at,  # type: ignore[attr-defined]
        )

    def bundle(self, item: object) -> Bundle:
        from govoa.incoming.models import IncomingDocument
        from govoa.incoming.workflow import ProposalKind

        assert isinstance(item, IncomingDocument)
        parts = []
        if item.processing_sheet is not None:
            parts.append(
                Part(
                    ComponentRole.PROCESSING_SHEET,
                    item.processing_sheet.name,
                    item.processing_sheet,
                )
            )
        for index, attachment in enumerate(
            item.attachments.select_related("file").order_by("order", "pk")
        ):
            role = ComponentRole.MAIN if index == 0 else ComponentRole.ATTACHMENT
            parts.append(Part(role, attachment.file.name, attachment.file))
        return Bundle(
            title=item.title,
            doc_number=item.source_number,
            responsible=item.source_org,
            doc_type=item.doc_type,
            date=item.written_on or _local_date(item.received_at, timezone.localdate()),
            classification=item.classification,
            department_id=item.lead_department_id,
            parts=parts,
            non_archive_reason=non_archive_reason(
                title=item.title,
                read_only=item.proposal_kind == ProposalKind.READ,
                duplicate=item.duplicate_of_id is not None,
            ),
        )


class OutgoingSource(Source):
    """发文 issued: 正本 (rendered as issued), 附件, then the 发文稿纸 and the 定稿."""

    def finished(self, agency_id: int) -> QuerySet:
        from govoa.outgoing.models import OutgoingDocument
        from govoa.outgoing.workflow import Status

        return OutgoingDocument.objects.filter(agency_id=agency_id, status=Status.ISSUED)

    def candidate(self, item: object) -> Candidate:
        return Candidate(
            self.subject_type,
            item.pk,  # type: ignore[attr-defined]
            self.label,
            item.title,  # type: ignore[attr-defined]
            item.number,  # type: ignore[attr-defined]
            item.classification,  # type: ignore[attr-defined]
            item.issued_on,  # type: ignore[attr-defined]
        )

    def bundle(self, item: object) -> Bundle:
        from govoa.outgoing.models import OutgoingDocument
        from govoa.outgoing.official import to_official
        from govoa.outgoing.printables import approval_sheet_pdf

        assert isinstance(item, OutgoingDocument)
        parts = [
            Part(
                ComponentRole.MAIN,
                f"{item.number or item.title}.pdf",
                content=render_pdf(to_official(item)),
            )
        ]
        for attachment in item.attachments.order_by("order", "pk"):
            if attachment.file is not None:
                parts.append(Part(ComponentRole.ATTACHMENT, attachment.file.name, attachment.file))
        parts.append(
            Part(ComponentRole.APPROVAL_SHEET, "发文稿纸.pdf", content=approval_sheet_pdf(item))
        )
        parts.append(Part(ComponentRole.FINAL_DRAFT, "定稿.pdf", content=_final_draft_pdf(item)))
        return Bundle(
            title=item.title,
            doc_number=item.number,
            responsible=item.agency.name,
            doc_type=item.doc_type,
            date=_local_date(item.signed_at, item.issued_on or timezone.localdate()),
            classification=item.classification,
            department_id=item.drafting_department_id,
            parts=parts,
            non_archive_reason=non_archive_reason(title=item.title),
        )


def _final_draft_pdf(document: object) -> bytes:
    """定稿: the text as signed (签发稿), with the signer and date."""
    from govoa.outgoing.models import OutgoingDocument, OutgoingVersion

    assert isinstance(document, OutgoingDocument)
    version = OutgoingVersion.objects.filter(
        document=document, number=document.signed_version or document.version
    ).first()
    body = (version.snapshot.get("body") if version else None) or document.body
    html = render_to_string(
        "archives/print/final_draft.html",
        {"doc": document, "paragraphs": [p for p in body.splitlines() if p.strip()]},
    )
    return html_to_pdf(html)


class SupervisionSource(Source):
    """督办 tasks completed: the task file (立项、汇报、办结报告) and the files provided."""

    def finished(self, agency_id: int) -> QuerySet:
        from govoa.supervision.models import SupervisionTask
        from govoa.supervision.workflow import TaskStatus

        return SupervisionTask.objects.filter(agency_id=agency_id, status=TaskStatus.COMPLETED)

    def candidate(self, item: object) -> Candidate:
        return Candidate(
            self.subject_type,
            item.pk,  # type: ignore[attr-defined]
            self.label,
            item.title,  # type: ignore[attr-defined]
            "",
            item.classification,  # type: ignore[attr-defined]
            item.completed_at,  # type: ignore[attr-defined]
        )

    def bundle(self, item: object) -> Bundle:
        from govoa.supervision.models import SupervisionTask

        assert isinstance(item, SupervisionTask)
        html = render_to_string(
            "archives/print/task_file.html",
            {
                "task": item,
                "reports": list(item.reports.select_related("author").order_by("created_at", "pk")),
            },
        )
        parts = [Part(ComponentRole.MAIN, f"督办任务{item.pk}.pdf", content=html_to_pdf(html))]
        for attachment in item.attachments.select_related("file").order_by("pk"):
            parts.append(Part(ComponentRole.ATTACHMENT, attachment.file.name, attachment.file))
        return Bundle(
            title=f"关于{item.title}的督办材料"[:300],
            doc_number="",
            responsible=item.department.name if item.department_id else item.agency.name,
            doc_type="",
            date=_local_date(item.completed_at, timezone.localdate()),
            classification=item.classification,
            department_id=item.department_id,
            parts=parts,
        )


class MeetingSource(Source):
    """Meetings held (已结束): the meeting's bundle (通知、议程、材料、纪要、签到表) as one 件,
    the 纪要 as its 正本 where there is one."""

    def finished(self, agency_id: int) -> QuerySet:
        from govoa.meetings.models import Meeting
        from govoa.meetings.workflow import MeetingStatus

        return Meeting.objects.filter(agency_id=agency_id, status=MeetingStatus.CLOSED)

    def candidate(self, item: object) -> Candidate:
        return Candidate(
            self.subject_type,
            item.pk,  # type: ignore[attr-defined]
            self.label,
            item.title,  # type: ignore[attr-defined]
            "",
            item.classification,  # type: ignore[attr-defined]
            item.ends_at,  # type: ignore[attr-defined]
        )

    def bundle(self, item: object) -> Bundle:
        from govoa.meetings.bundle import meeting_bundle
        from govoa.meetings.models import Meeting

        assert isinstance(item, Meeting)
        files = meeting_bundle(item)
        main = next((f for f in files if f.role == "minutes"), None)
        parts = [
            Part(
                ComponentRole.MAIN if f is main else ComponentRole.ATTACHMENT,
                f.name,
                content=f.content,
            )
            for f in files
        ]
        return Bundle(
            title=f"{item.title}会议材料"[:300],
            doc_number=(main.metadata.get("number") or "") if main else "",
            responsible=item.department.name,
            doc_type="minutes" if main else "",
            date=_local_date(item.starts_at, timezone.localdate()),
            classification=item.classification,
            department_id=item.department_id,
            parts=parts,
        )


register_source(IncomingSource("incoming.incomingdocument", "收文", "-archive_ready_at"))
register_source(OutgoingSource("outgoing.outgoingdocument", "发文", "-issued_on"))
register_source(SupervisionSource("supervision.supervisiontask", "督办", "-completed_at"))
register_source(MeetingSource("meetings.meeting", "会议", "-ends_at"))
