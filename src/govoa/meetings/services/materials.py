"""会议材料: uploads checked and stored like every upload (``documents.files``); a material
after the deadline (default 2 working days before the meeting, for the leader's review) is
flagged 逾期."""

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.documents.files import Stream, check_upload, store_upload
from govoa.meetings.models import Material, Meeting
from govoa.meetings.policies import can_submit_material
from govoa.meetings.services.trail import meeting_trail_note
from govoa.meetings.workflow import MeetingStatus
from govoa.org.models import Person

MAX_MATERIALS = 50


def material_add(
    *, actor: Person, meeting: Meeting, title: str, name: str, stream: Stream
) -> Material:
    if not can_submit_material(actor, meeting):
        raise audit_denied(
            action="meetings.material.add",
            actor=actor,
            obj=meeting,
            reason="只有承办人和参会人员可以在会议批准后提交材料。",
        )
    title = (title or "").strip() or name
    if len(title) > 200:
        raise ValidationFailed(fields={"title": ["材料名称不能超过 200 字。"]})
    checked = check_upload(name, stream)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != MeetingStatus.APPROVED:
            raise TransitionNotAllowed("会议未批准或已结束，不能提交材料。")
        if locked.materials.count() >= MAX_MATERIALS:
            raise ValidationFailed(fields={"file": [f"材料不能超过 {MAX_MATERIALS} 份。"]})
        today = timezone.localdate()
        material = Material.objects.create(
            meeting=locked,
            title=title,
            file=store_upload(
                agency_id=locked.agency_id, uploaded_by=actor, checked=checked, stream=stream
            ),
            uploaded_by=actor,
            late=locked.materials_due is not None and today > locked.materials_due,
        )
        audit_record(
            action="meetings.material.add",
            actor=actor,
            obj=locked,
            details={"title": title, "late": material.late},
        )
        late = f"（逾期提交，时限 {locked.materials_due:%Y-%m-%d}）" if material.late else ""
        meeting_trail_note(actor, locked, "提交材料", f"《{title}》{late}", late=material.late)
    return material
