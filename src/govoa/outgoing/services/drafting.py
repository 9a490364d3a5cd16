"""拟稿: creating and editing a draft, its attachments, DOCX as the source of 正文, and
submission. Every save after submission keeps a version (修改稿) with who saved it."""

import io
from dataclasses import dataclass
from typing import cast

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from docx import Document as load_docx

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import Conflict, NotFound, ValidationFailed
from govoa.core.validation import ids_from, model_update
from govoa.core.vocabulary import Classification
from govoa.core.ziparchive import ArchiveLimits, inspect_zip
from govoa.documents.files import Stream, check_upload, store_upload
from govoa.documents.vocabulary import Direction, DocType, Publicity, Urgency
from govoa.flow import registry
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.selectors import open_item_for
from govoa.flow.services.acts import (
    flow_start_and_act,
    flow_subject_refresh,
    work_item_act,
)
from govoa.org.models import Agency, Department, Person
from govoa.org.selectors import chosen_departments
from govoa.outgoing.draft import EDITABLE, Draft
from govoa.outgoing.models import DocumentCategory, OutgoingAttachment, OutgoingDocument
from govoa.outgoing.policies import SUBJECT_TYPE, can_draft
from govoa.outgoing.services import joint
from govoa.outgoing.services.versions import snapshot
from govoa.outgoing.workflow import EDITING_NODES, Status

FLOW_CODE = "outgoing"
MAX_ATTACHMENTS = 20


def _validate(
    actor: Person, data: Draft
) -> tuple[DocumentCategory | None, list[Department], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    category = DocumentCategory.objects.filter(
        pk=data.category_id, agency_id=actor.agency_id, is_active=True
    ).first()
    if category is None:
        add("category_id", "请选择发文类别。")
    if data.doc_type not in DocType.values:
        add("doc_type", "请选择文种。")
    if not data.title.strip():
        add("title", "请填写标题。")
    for name, limit in (
        ("title", 300),
        ("note", 300),
        ("distribution_scope", 300),
        ("publicity_reason", 200),
        ("secrecy_period", 30),
    ):
        if len(getattr(data, name)) > limit:
            add(name, f"不能超过 {limit} 个字。")
    if len(data.body) > 100_000:
        add("body", "正文过长。")
    if data.direction not in Direction.values:
        add("direction", "行文方向无效。")
    if data.urgency not in Urgency.values:
        add("urgency", "紧急程度无效。")
    if data.publicity not in Publicity.values:
        add("publicity", "公开属性无效。")
    elif data.publicity == Publicity.NOT_PUBLIC and not data.publicity_reason.strip():
        add("publicity_reason", "不予公开须说明理由。")
    if data.classification not in Classification.values:
        add("classification", "密级无效。")
    elif data.classification > actor.clearance:
        add("classification", "您的涉密等级不足以拟制该密级的文件。")
    if data.classification >= Classification.SECRET and not data.secrecy_period.strip():
        add("secrecy_period", "涉密文件须填写保密期限。")
    if not 1 <= data.copies <= 9999:
        add("copies", "印制份数应在 1 到 9999 之间。")
    departments: list[Department] = []
    try:
        departments = chosen_departments(
            agency_id=actor.agency_id,
            ids=ids_from(data.countersign_department_ids, "countersign_department_ids"),
            key="countersign_department_ids",
        )
    except ValidationFailed as exc:
        errors.update(exc.fields)
    return category, departments, errors


def _co_issuers(actor: Person, data: Draft, errors: dict[str, list[str]]) -> list[Agency]:
    try:
        return joint.co_issuer_agencies(actor=actor, ids=list(data.co_issuer_ids or []))
    except ValidationFailed as exc:
        errors.update(exc.fields)
        return []


def outgoing_create(
    *, actor: Person, data: Draft, idempotency_key: str = ""
) -> tuple[OutgoingDocument, bool]:
    """拟稿; with an idempotency key, a repeated request returns the first document
    (``created`` is False then)."""
    if not can_draft(actor):
        raise audit_denied(
            action="outgoing.document.create",
            actor=actor,
            reason="只有本机关有部门的工作人员可以拟稿。",
        )
    key = idempotency_key.strip()[:100]
    if key:
        earlier = OutgoingDocument.objects.filter(
            agency_id=actor.agency_id, drafter=actor, idempotency_key=key
        ).first()
        if earlier is not None:
            return earlier, False
    category, departments, errors = _validate(actor, data)
    co_issuers = _co_issuers(actor, data, errors)
    if errors or category is None or actor.department_id is None:
        raise ValidationFailed(fields=errors)
    fields = {name: getattr(data, name) for name in EDITABLE if name != "category_id"}
    try:
        with transaction.atomic():
            document = OutgoingDocument.objects.create(
                agency_id=actor.agency_id,
                category=category,
                drafter=actor,
                drafting_department_id=actor.department_id,
                idempotency_key=key,
                **fields,
            )
            document.countersign_departments.set(departments)
            document.is_joint = bool(co_issuers)  # type: ignore[attr-defined]
            joint.co_issuers_set(document, co_issuers)
            audit_record(
                action="outgoing.document.create",
                actor=actor,
                obj=document,
                details={"title": document.title, "co_issuers": [a.pk for a in co_issuers]},
            )
    except IntegrityError:
        if key:
            earlier = OutgoingDocument.objects.get(
                agency_id=actor.agency_id, drafter=actor, idempotency_key=key
            )
            return earlier, False
        raise
    return document, True


def current_item(document: OutgoingDocument, person: Person) -> WorkItem | None:
    return open_item_for(person=person, subject_type=SUBJECT_TYPE, subject_id=document.pk)


def can_edit(document: OutgoingDocument, person: Person) -> WorkItem | bool:
    """The drafter before submission; afterwards whoever holds the item at an editing node."""
    if document.submitted_at is None:
        return document.drafter_id == person.pk and document.status == Status.DRAFTING
    item = current_item(document, person)
    return item if item is not None and item.node_key in EDITING_NODES else False


def outgoing_update(*, actor: Person, document: OutgoingDocument, data: Draft) -> OutgoingDocument:
    """Save the draft (修改); after submission each save is a new version."""
    allowed = can_edit(document, actor)
    if not allowed:
        raise audit_denied(
            action="outgoing.document.update",
            actor=actor,
            obj=document,
            reason="只有拟稿人或当前环节的办理人可以修改文稿。",
        )
    category, departments, errors = _validate(actor, data)
    co_issuers = _co_issuers(actor, data, errors)
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        locked = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
        allowed = can_edit(locked, actor)  # again under the lock: an act may have moved it on
        if not allowed:
            raise Conflict("文稿已转到下一环节，不能再修改。请刷新页面。")
        # A change after 签发 is allowed here and caught at 复核: it goes back to the signer.
        changes = model_update(
            locked, {name: getattr(data, name) for name in EDITABLE}, fields=EDITABLE
        )
        locked.category = category  # type: ignore[assignment]
        locked.save()
        chosen = {d.pk for d in departments}
        if chosen != set(locked.countersign_departments.values_list("pk", flat=True)):
            locked.countersign_departments.set(departments)
            changes["countersign_departments"] = sorted(chosen)
        if joint.co_issuers_set(locked, co_issuers):
            changes["co_issuers"] = [a.pk for a in co_issuers]
        if locked.submitted_at is not None and changes:
            node = allowed.node_name if isinstance(allowed, WorkItem) else "拟稿"
            snapshot(locked, actor, node_name=node)
        audit_record(
            action="outgoing.document.update",
            actor=actor,
            obj=locked,
            details={"fields": sorted(changes)},
        )
        for instance in _instances(locked):
            flow_subject_refresh(instance=instance)
    return locked


def _instances(document: OutgoingDocument) -> QuerySet[FlowInstance]:
    return FlowInstance.objects.filter(subject_type=SUBJECT_TYPE, subject_id=document.pk)


@dataclass(frozen=True)
class Submitted:
    """The document as the submit left it (loaded and locked by the flow's adapter: its
    category, agency and drafting department with it) and the items the submit opened."""

    document: OutgoingDocument
    opened: list[WorkItem]


def outgoing_submit(*, actor: Person, document: OutgoingDocument, opinion: str = "") -> Submitted:
    """送审: the 核稿助手 runs first; errors keep the draft with the drafter. The first
    送审 starts the flow and approves the drafter's 拟稿 item in one go."""
    if document.drafter_id != actor.pk:
        raise audit_denied(
            action="outgoing.document.submit",
            actor=actor,
            obj=document,
            reason="只有拟稿人可以送审。",
        )
    with transaction.atomic():
        # Loaded as every act loads it (its category, agency and department with it).
        locked = cast(
            OutgoingDocument, registry.subject_adapter(SUBJECT_TYPE).load(document.pk, lock=True)
        )
        acted = None
        if locked.submitted_at is None:
            _instance, acted = flow_start_and_act(
                actor=actor,
                code=FLOW_CODE,
                subject=locked,
                action="approve",
                opinion=opinion,
                start_opinion="拟稿",
                locked=True,
            )
        if acted is None:  # submitted before (returned to 拟稿), or the item went to a 代理
            item = current_item(locked, actor)
            if item is None or item.node_key != "draft":
                raise Conflict("该文稿已经送审。")
            acted = work_item_act(actor=actor, item_id=item.pk, action="approve", opinion=opinion)
    submitted: OutgoingDocument = acted.subject
    submitted.drafter = actor
    return Submitted(submitted, acted.opened)


def outgoing_attach(
    *, actor: Person, document: OutgoingDocument, name: str, upload: tuple[str, Stream] | None
) -> OutgoingAttachment:
    if not can_edit(document, actor):
        raise audit_denied(
            action="outgoing.attachment.add",
            actor=actor,
            obj=document,
            reason="只有拟稿人或当前环节的办理人可以修改附件。",
        )
    name = name.strip()
    if not name:
        raise ValidationFailed(fields={"name": ["请填写附件名称（用于附件说明）。"]})
    if len(name) > 200:
        raise ValidationFailed(fields={"name": ["附件名称不能超过 200 字。"]})
    if document.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationFailed(fields={"name": [f"附件不能超过 {MAX_ATTACHMENTS} 个。"]})
    checked = check_upload(upload[0], upload[1]) if upload else None
    with transaction.atomic():
        stored = (
            store_upload(
                agency_id=document.agency_id, uploaded_by=actor, checked=checked, stream=upload[1]
            )
            if checked and upload
            else None
        )
        attachment = OutgoingAttachment.objects.create(
            document=document, name=name, file=stored, order=document.attachments.count()
        )
        audit_record(
            action="outgoing.attachment.add", actor=actor, obj=document, details={"name": name}
        )
    return attachment


def outgoing_detach(*, actor: Person, document: OutgoingDocument, attachment_id: int) -> None:
    if not can_edit(document, actor):
        raise audit_denied(
            action="outgoing.attachment.remove",
            actor=actor,
            obj=document,
            reason="只有拟稿人或当前环节的办理人可以修改附件。",
        )
    with transaction.atomic():
        deleted, _ = OutgoingAttachment.objects.filter(document=document, pk=attachment_id).delete()
        if not deleted:
            raise NotFound()
        audit_record(
            action="outgoing.attachment.remove",
            actor=actor,
            obj=document,
            details={"attachment": attachment_id},
        )


def docx_to_text(stream: Stream) -> str:
    """正文 from a DOCX: one line per paragraph (headings keep their 一、（一）numbering)."""
    # Parsed XML takes several times its size in memory: the archive is checked first.
    inspect_zip(stream, label="该 Word 文件", limits=ArchiveLimits.for_reading())
    try:
        word = load_docx(io.BytesIO(stream.read()))
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise ValidationFailed("无法读取该 Word 文件，文件可能已损坏。") from exc
    return "\n".join(p.text.strip() for p in word.paragraphs if p.text.strip())


def body_from_docx(upload: tuple[str, Stream]) -> str:
    checked = check_upload(*upload)
    if checked.kind.code != "docx":
        raise ValidationFailed("只能从 Word（.docx）文件导入正文。")
    return docx_to_text(upload[1])
