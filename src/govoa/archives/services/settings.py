"""The agency's 整理 settings (全宗号, 分类方案, 档号规则) and its 保管期限表. The scheme
stays as it is once a record has its 档号 (DA/T 22-2015 5.2.1: 同一全宗分类方案保持一致、稳定);
the retention table may change at any time and applies to what is classified next."""

from dataclasses import dataclass

from django.db import transaction

from govoa.archives.models import ArchiveRecord, ArchiveSettings, RetentionRule
from govoa.archives.services.common import agency_settings, require_archivist
from govoa.archives.workflow import Pattern, Retention, Scheme
from govoa.audit.services import audit_record
from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.documents.vocabulary import DocType
from govoa.org.models import Person


@dataclass(frozen=True)
class SettingsData:
    fonds_code: str
    scheme: str
    pattern: str


@transaction.atomic
def archive_settings_update(*, actor: Person, data: SettingsData) -> ArchiveSettings:
    require_archivist(actor, "archives.settings.update")
    fonds = data.fonds_code.strip()
    problems: dict[str, list[str]] = {}
    if not (fonds.isascii() and fonds.isalnum() and 1 <= len(fonds) <= 10):
        problems["fonds_code"] = ["全宗号只能由 1 至 10 位字母和数字组成。"]
    if data.scheme not in Scheme.values:
        problems["scheme"] = ["请选择分类方案。"]
    if data.pattern not in Pattern.values:
        problems["pattern"] = ["请选择档号规则。"]
    if problems:
        raise ValidationFailed(fields=problems)
    settings = agency_settings(actor.agency_id, lock=True)
    changed = (settings.fonds_code, settings.scheme, settings.pattern) != (
        fonds,
        data.scheme,
        data.pattern,
    )
    if not changed:
        return settings
    if ArchiveRecord.objects.filter(agency_id=actor.agency_id, item_number__isnull=False).exists():
        raise TransitionNotAllowed("已有档案编了档号：全宗号、分类方案和档号规则不能再改。")
    settings.fonds_code, settings.scheme, settings.pattern = fonds, data.scheme, data.pattern
    settings.save()
    audit_record(
        action="archives.settings.update",
        actor=actor,
        obj=settings,
        details={"fonds_code": fonds, "scheme": data.scheme, "pattern": data.pattern},
    )
    return settings


@transaction.atomic
def retention_rule_set(*, actor: Person, doc_type: str, retention: str) -> RetentionRule:
    """A line of the 保管期限表 (8号令 第十二条): the 文种's default 保管期限."""
    require_archivist(actor, "archives.retention.set")
    if doc_type not in DocType.values:
        raise ValidationFailed(fields={"doc_type": ["请选择文种。"]})
    if retention not in Retention.values:
        raise ValidationFailed(fields={"retention": ["保管期限只能是永久、定期30年或定期10年。"]})
    rule, _created = RetentionRule.objects.update_or_create(
        agency_id=actor.agency_id, doc_type=doc_type, defaults={"retention": retention}
    )
    audit_record(
        action="archives.retention.set",
        actor=actor,
        obj=rule,
        details={"doc_type": doc_type, "retention": retention},
    )
    return rule
