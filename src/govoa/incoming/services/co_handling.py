"""协办 (000 一(一)4: 涉及多部门协办的，应明确主办部门和协办部门): each 协办 department answers
on its own item, opened together with 承办 (the template's ``co_handle`` node), and may add
material for the 主办 — files kept with the document and marked with the department."""

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.documents.files import Stream, check_upload, store_upload
from govoa.flow.models import WorkItem
from govoa.flow.selectors import open_item_for
from govoa.incoming.models import IncomingAttachment, IncomingDocument
from govoa.incoming.policies import SUBJECT_TYPE
from govoa.incoming.services.registration import accepts_attachments
from govoa.org.models import Person

CO_NODE = "co_handle"
MAX_CO_MATERIALS = 10  # per 协办 department


def co_item_for(document: IncomingDocument, person: Person) -> WorkItem | None:
    """The open 协办 item the person holds, or acts on for its holder (代理)."""
    return open_item_for(
        person=person, subject_type=SUBJECT_TYPE, subject_id=document.pk, node_key=CO_NODE
    )


def incoming_co_material_add(
    *, actor: Person, document: IncomingDocument, uploads: list[tuple[str, Stream]]
) -> list[IncomingAttachment]:
    """协办材料: files a 协办 department gives the 主办, while its 协办 item is open."""
    item = co_item_for(document, actor)
    if item is None:
        raise audit_denied(
            action="incoming.co_material.add",
            actor=actor,
            obj=document,
            reason="只有正在协办的协办部门负责人（或其代理人）可以提供协办材料。",
        )
    if not uploads:
        raise ValidationFailed(fields={"files": ["请选择文件。"]})
    department_id = item.department_id or actor.department_id
    checked = [(check_upload(name, stream), stream) for name, stream in uploads]
    with transaction.atomic():
        locked = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        if not accepts_attachments(locked):
            raise TransitionNotAllowed("该收文已办结、退文、撤销或已移交归档，不能再提供材料。")
        given = locked.attachments.filter(co_department_id=department_id).count()
        if given + len(checked) > MAX_CO_MATERIALS:
            raise ValidationFailed(
                fields={"files": [f"每个协办部门的材料不能超过 {MAX_CO_MATERIALS} 个。"]}
            )
        start = locked.attachments.count()
        added = [
            IncomingAttachment.objects.create(
                document=locked,
                file=store_upload(
                    agency_id=locked.agency_id, uploaded_by=actor, checked=upload, stream=stream
                ),
                order=start + n,
                co_department_id=department_id,
                added_by=actor,
            )
            for n, (upload, stream) in enumerate(checked)
        ]
        audit_record(
            action="incoming.co_material.add",
            actor=actor,
            obj=locked,
            details={"department": department_id, "files": [u.name for u, _s in checked]},
        )
    return added
