"""A 发文 as the structured 公文 (documents.structure) that the renderer draws and the
format checker examines."""

from django.utils import timezone

from govoa.core.dates import chinese_date
from govoa.core.vocabulary import Classification
from govoa.documents.bodytext import parse_body, parse_organs
from govoa.documents.checker import CheckInput, Finding, Stage, check
from govoa.documents.structure import AttachmentNote, Layout, OfficialDocument, Signatory
from govoa.documents.vocabulary import Direction, Publicity, Urgency
from govoa.outgoing.models import OutgoingAttachment, OutgoingDocument
from govoa.outgoing.services import joint
from govoa.outgoing.services.copies import first_copy


def organs(text: str) -> tuple[str, ...]:
    """主送/抄送 as typed, one organ each (the renderer adds the colon and the full stop)."""
    return tuple(parse_organs(text or ""))


def attachments_of(document: OutgoingDocument) -> list[OutgoingAttachment]:
    """The document's attachments. A document loaded for a flow act (``OutgoingAdapter.load``)
    knows whether it has any and reads them at most once, however often the 核稿助手 and the
    layout ask; any other reads them as they stand."""
    if not hasattr(document, "has_attachments"):
        return list(document.attachments.all())
    rows: list[OutgoingAttachment] | None = document.__dict__.get("_attachment_rows")
    if rows is None:
        rows = list(document.attachments.all()) if document.has_attachments else []
        document.__dict__["_attachment_rows"] = rows
    return rows


def _joint(document: OutgoingDocument) -> tuple[list[str], list[str]]:
    """联合行文: the co-issuers' names in order, and their 签发人 of the current round."""
    if getattr(document, "is_joint", None) is False:
        return [], []
    co_issuers = list(document.co_issuers.select_related("agency"))
    if not co_issuers:
        return [], []
    # The 签发人 in the order of the agencies as they stand (the drafter may reorder them).
    signed = {r.agency_id: r.signed_by for r in joint.joint_signed(document) if r.signed_by}
    signers = [signed[c.agency_id].real_name for c in co_issuers if c.agency_id in signed]
    return [c.agency.name for c in co_issuers], signers


def to_official(document: OutgoingDocument, *, copy: int | None = None) -> OfficialDocument:
    """The 发文 as the renderer draws it; ``copy`` is the 份号 of the printed copy to draw
    (涉密公文 only: before 印制, and without ``copy``, no 份号 is printed)."""
    category = document.category
    agency = document.agency
    layout = Layout(category.layout)  # the category stores the renderer's own codes
    co_names, co_signers = _joint(document)
    # 成文日期: the last 签发 of all the issuing agencies (条例 第九条（十二））.
    signed = joint.written_on(document) if co_names else None
    if signed is None and document.signed_at:
        signed = timezone.localtime(document.signed_at).date()
    names = (agency.name, *co_names)
    joint_mark = len(names) > 1 and document.joint_header
    classified = document.classification >= Classification.SECRET
    note = document.note
    signs = layout != Layout.MINUTES or category.minutes_signed  # 纪要: the agency's choice
    if not note and document.publicity == Publicity.PROACTIVE:
        note = "此件公开发布"
    return OfficialDocument(
        title=document.title,
        doc_type=document.doc_type,
        layout=layout,
        copy_number=f"{copy:06d}" if classified and copy else "",
        classification=str(Classification(document.classification).label) if classified else "",
        secrecy_period=document.secrecy_period if classified else "",
        urgency=str(Urgency(document.urgency).label) if document.urgency != Urgency.NORMAL else "",
        issuer_mark=category.issuer_mark,
        issuer_names=names if joint_mark else (),
        issuer_word="文件" if category.issuer_mark.endswith("文件") else "",
        doc_number=document.number,
        signers=(document.signed_by.real_name, *co_signers)
        if document.signed_by and document.direction == Direction.UPWARD
        else (),
        upward=document.direction == Direction.UPWARD,
        recipients=organs(document.recipients),
        body=parse_body(document.body),
        attachments=tuple(AttachmentNote(a.name) for a in attachments_of(document)),
        signatories=tuple(Signatory(n, sealed=layout != Layout.MINUTES) for n in names)
        if signs
        else (),
        date=chinese_date(signed) if signs else "",
        note=note,
        cc=organs(document.cc),
        printer=f"{agency.name}办公室" if layout != Layout.LETTER else "",
        print_date=chinese_date(document.issued_on or signed) if layout != Layout.LETTER else "",
    )


def findings_for(document: OutgoingDocument, stage: str = Stage.DRAFT) -> list[Finding]:
    """The 核稿助手's findings for the document as it stands."""
    # At 印制 (final) the 份号 rules see the copies really numbered (none before 印制).
    copy = first_copy(document) if stage == Stage.FINAL else None
    return check(
        CheckInput(
            document=to_official(document, copy=copy),
            direction=document.direction,
            doc_type=document.doc_type,
            stage=stage,
            classification_level=document.classification,
            raw_body=document.body,
            # Each attachment's own name stands for its file (the names of the uploads vary).
            attachment_files=tuple(a.name for a in attachments_of(document) if a.file_id),
            agency_code=document.category.word,
        )
    )


def findings_json(findings: list[Finding]) -> list[dict[str, str]]:
    return [
        {
            "rule": f.rule,
            "severity": f.severity,
            "place": f.place,
            "message": f.message,
            "clause": f.clause,
        }
        for f in findings
    ]
