"""交付物: files the owner attaches to the task (the deliverables of the 办结报告), checked
and stored like every upload (``documents.files``); downloading a classified one is audited."""

from django.db import transaction

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.documents.access import stored_download
from govoa.documents.files import Stream, check_upload, store_upload
from govoa.org.models import Person
from govoa.supervision.models import SupervisionTask, TaskAttachment
from govoa.supervision.services.trail import task_trail_note
from govoa.supervision.workflow import UNDER_WAY

MAX_DELIVERABLES = 20


def task_deliverables_add(
    *, actor: Person, task: SupervisionTask, uploads: list[tuple[str, Stream]]
) -> list[TaskAttachment]:
    if task.owner_id != actor.pk:
        raise audit_denied(
            action="supervision.deliverable.add",
            actor=actor,
            obj=task,
            reason="只有承办人可以提交交付物。",
        )
    if not uploads:
        raise ValidationFailed(fields={"files": ["请选择文件。"]})
    checked = [(check_upload(name, stream), stream) for name, stream in uploads]
    with transaction.atomic():
        locked = SupervisionTask.objects.select_for_update().get(pk=task.pk)
        if locked.status not in UNDER_WAY:
            raise TransitionNotAllowed("任务不在办理或验收中，不能提交交付物。")
        if locked.attachments.count() + len(checked) > MAX_DELIVERABLES:
            raise ValidationFailed(fields={"files": [f"交付物不能超过 {MAX_DELIVERABLES} 个。"]})
        made = [
            TaskAttachment.objects.create(
                task=locked,
                added_by=actor,
                file=store_upload(
                    agency_id=locked.agency_id, uploaded_by=actor, checked=upload, stream=stream
                ),
            )
            for upload, stream in checked
        ]
        audit_record(
            action="supervision.deliverable.add",
            actor=actor,
            obj=locked,
            details={"files": [u.name for u, _s in checked]},
        )
        names = "、".join(u.name for u, _s in checked)
        task_trail_note(actor, locked, "提交交付物", names, files=[a.pk for a in made])
    return made


def deliverable_download(*, actor: Person, attachment: TaskAttachment) -> bytes:
    """The bytes of a deliverable of a task the actor may see (checked by the caller)."""
    return stored_download(
        actor=actor,
        stored=attachment.file,
        document=attachment.task,
        action="supervision.deliverable.download",
    )
