"""Where 件 come from: one adapter per module whose finished work is archived (收文 handed
over for 归档, 发文 issued, 督办 tasks completed, meetings held, and a co-issuing agency's
会签 of a 联合行文 once the lead issued it). A module added later registers one more adapter
with ``register_source``; intake, the queue and the services do not change.

联合行文 (issue 25): the lead agency archives the original through ``OutgoingSource`` (正本,
稿纸 with every co-issuer's 签发, 定稿); each co-issuer archives its own copy through
``JointCountersignSource`` (its 会签 record and the issued document as a 复制件), marked as
such in the 备注, never as the original."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet
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
    note: str = ""  # the catalogue's 备注 at intake (e.g. a 联合行文's 会签件)


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
        joint = _joint(item)
        note = ""
        if joint.co_issuers:
            # 联合行文, lead agency: the original, with every co-issuer's 签发 beside the
            # 稿纸 (条例 第二十二条: 联合发文由所有联署机关负责人会签).
            parts.append(
                Part(
                    ComponentRole.APPROVAL_SHEET,
                    "联署机关会签单.pdf",
                    content=_joint_sheet_pdf(item, joint, heading="联合行文会签单"),
                )
            )
            note = f"联合行文（主办机关归档正本；联署机关：{'、'.join(joint.co_issuers)}）"
        parts.append(Part(ComponentRole.FINAL_DRAFT, "定稿.pdf", content=_final_draft_pdf(item)))
        return Bundle(
            title=item.title,
            doc_number=item.number,
            responsible="、".join([item.agency.name, *joint.co_issuers]),
            doc_type=item.doc_type,
            date=joint.written_on
            or _local_date(item.signed_at, item.issued_on or timezone.localdate()),
            classification=item.classification,
            department_id=item.drafting_department_id,
            parts=parts,
            non_archive_reason=non_archive_reason(title=item.title),
            note=note,
        )


@dataclass(frozen=True)
class _Joint:
    """What a 联合行文 brings to the archive: the co-issuers' names in order, their 签发
    (agency, 签发人, date, opinion) and the 成文日期 (the last 签发)."""

    co_issuers: list[str]
    signatures: list[dict[str, str]]
    written_on: datetime.date | None


def _joint(document: object) -> _Joint:
    from govoa.core.dates import chinese_date
    from govoa.outgoing.models import OutgoingDocument
    from govoa.outgoing.services.joint import joint_signed, written_on

    assert isinstance(document, OutgoingDocument)
    names = [c.agency.name for c in document.co_issuers.select_related("agency")]
    if not names:
        return _Joint([], [], None)
    signatures = [
        {
            "agency": document.agency.name,
            "signer": document.signed_by.real_name if document.signed_by else "",
            "date": chinese_date(document.signed_at) if document.signed_at else "",
            "opinion": "",
        }
    ]
    for row in joint_signed(document):
        signatures.append(
            {
                "agency": row.agency.name,
                "signer": row.signed_by.real_name if row.signed_by else "",
                "date": chinese_date(row.signed_at) if row.signed_at else "",
                "opinion": row.sign_opinion,
            }
        )
    return _Joint(names, signatures, written_on(document))


def _joint_sheet_pdf(
    document: Any,
    joint: _Joint,
    *,
    heading: str,
    statement: str = "",
    steps: Sequence[dict[str, str]] = (),
) -> bytes:
    """联署机关会签单 (the lead's) or 联合行文会签记录 (a co-issuer's): every agency's 签发,
    and for a co-issuer its own 会签 steps."""
    lead = document.agency.name
    default = f"本文由{lead}主办，与{'、'.join(joint.co_issuers)}联合行文，各机关签发如下。"
    html = render_to_string(
        "archives/print/joint_countersigns.html",
        {
            "doc": document,
            "lead": lead,
            "heading": heading,
            "statement": statement or default,
            "signatures": joint.signatures,
            "steps": steps,
        },
    )
    return html_to_pdf(html)


class JointCountersignSource(Source):
    """联合行文, co-issuing agency (联署机关): once the lead has issued the joint document,
    each co-issuer archives its copy, marked as such, never as the original (the lead keeps
    the 正本): its own 会签 record (签收、审核、核稿、签发 on its own flow) and the issued
    document as a 复制件."""

    def finished(self, agency_id: int) -> QuerySet:
        from govoa.outgoing.joint_models import JointState
        from govoa.outgoing.models import JointCountersign
        from govoa.outgoing.workflow import Status

        return JointCountersign.objects.filter(
            agency_id=agency_id,
            state=JointState.SIGNED,
            document__status=Status.ISSUED,
            round=F("document__joint_round"),
        ).select_related("document", "document__agency")

    def candidate(self, item: object) -> Candidate:
        document = item.document  # type: ignore[attr-defined]
        return Candidate(
            self.subject_type,
            item.pk,  # type: ignore[attr-defined]
            self.label,
            document.title,
            document.number,
            item.classification,  # type: ignore[attr-defined]
            document.issued_on,
        )

    def bundle(self, item: object) -> Bundle:
        from govoa.core.dates import chinese_date
        from govoa.flow.models import TrailEntry
        from govoa.flow.presenters import trail_line
        from govoa.outgoing.models import JointCountersign
        from govoa.outgoing.official import to_official

        assert isinstance(item, JointCountersign)
        document = item.document
        joint = _joint(document)
        entries = (
            TrailEntry.objects.filter(
                instance__subject_type=self.subject_type, instance__subject_id=item.pk
            )
            .select_related("actor", "on_behalf_of")
            .order_by("created_at", "pk")
        )
        steps = [
            {"node": e.node_name, "line": trail_line(e), "date": chinese_date(e.created_at)}
            for e in entries
        ]
        parts = [
            Part(
                ComponentRole.APPROVAL_SHEET,
                "联合行文会签记录.pdf",
                content=_joint_sheet_pdf(
                    document,
                    joint,
                    heading="联合行文会签记录",
                    statement=f"{item.agency.name}作为联署机关会签{document.agency.name}主办的"
                    f"联合行文（第{item.round}轮），正本由主办机关归档。",
                    steps=steps,
                ),
            ),
            Part(
                ComponentRole.COPY,
                f"{document.number or document.title}（联合行文印发件）.pdf",
                content=render_pdf(to_official(document)),
            ),
        ]
        return Bundle(
            title=document.title,
            doc_number=document.number,
            responsible="、".join([document.agency.name, *joint.co_issuers]),
            doc_type=document.doc_type,
            date=joint.written_on or document.issued_on or timezone.localdate(),
            classification=item.classification,
            department_id=None,
            parts=parts,
            non_archive_reason=non_archive_reason(title=document.title),
            note=f"联合行文会签件（{document.agency.name}主办，本机关为联署机关；"
            "正本由主办机关归档）",
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
register_source(
    JointCountersignSource("outgoing.jointcountersign", "联合行文会签", "-document__issued_on")
)
