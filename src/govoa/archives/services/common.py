"""What the archive's services share: the archivist gate, the agency's settings, the
retention table, the archive's own copy of a file and the note in the source's 办理过程."""

from django.utils import timezone

from govoa.archives.models import ArchiveRecord, ArchiveSettings, RetentionRule
from govoa.archives.policies import is_archivist
from govoa.archives.workflow import DEFAULT_RETENTION, FALLBACK_RETENTION
from govoa.audit.services import audit_denied
from govoa.documents.files import open_stored, store_generated
from govoa.documents.models import StoredFile
from govoa.flow.services.notes import flow_trail_note
from govoa.org.models import Person


def require_archivist(actor: Person, action: str) -> None:
    if not is_archivist(actor):
        raise audit_denied(action=action, actor=actor, reason="只有档案员可以办理档案整理。")


def agency_settings(agency_id: int, *, lock: bool = False) -> ArchiveSettings:
    """The agency's settings, made on first use (全宗号 from the agency's record)."""
    from govoa.org.models import Agency

    found = ArchiveSettings.objects.filter(agency_id=agency_id)
    if lock:
        found = found.select_for_update()
    current = found.first()
    if current is not None:
        return current
    agency = Agency.objects.get(pk=agency_id)
    ArchiveSettings.objects.get_or_create(
        agency_id=agency_id, defaults={"fonds_code": agency.fonds_code or "Z001"}
    )
    return agency_settings(agency_id, lock=lock)


def default_retention(agency_id: int, doc_type: str) -> str:
    rule = RetentionRule.objects.filter(agency_id=agency_id, doc_type=doc_type).first()
    if rule is not None:
        return rule.retention
    return DEFAULT_RETENTION.get(doc_type, FALLBACK_RETENTION)  # type: ignore[call-overload]


def copied(stored: StoredFile, agency_id: int) -> StoredFile:
    """The archive keeps its own copy: a 销毁 deletes it, never the source module's file."""
    with open_stored(stored) as handle:
        content = handle.read()
    return store_generated(agency_id=agency_id, name=stored.name, kind=stored.kind, content=content)


def today_year() -> int:
    return timezone.localdate().year


def source_trail_note(actor: Person, record: ArchiveRecord, verb: str, text: str = "") -> None:
    """An archive act on ``record`` in the 办理过程 of the 收文、发文 (督办事项, 会议) it came
    from, beside that document's own acts (through ``flow``, below both modules). In the
    caller's transaction; nothing when the source has no flow."""
    flow_trail_note(
        actor=actor,
        subject_type=record.source_type,
        subject_id=record.source_id,
        verb=verb,
        text=text,
        details={"archive_record": record.pk},
    )
