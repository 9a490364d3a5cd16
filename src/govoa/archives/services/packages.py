"""Electronic records (DA/T 22-2015 ch. 7, GB/T 18894, DA/T 46/48): one package per 件 —
the files in long-term formats, metadata (a DA/T 46 subset) as JSON and XML, and a manifest
of SM3 digests whose own digest is kept on the record; the fixity check that reports any
mismatch to the archivists and the audit log; a year's 移交 set with its manifest."""

import hashlib
import io
import json
import tempfile
import zipfile
from typing import Any
from xml.etree import ElementTree

from django.db import transaction
from django.utils import timezone

from govoa.archives.models import ArchiveRecord, ArchiveSettings
from govoa.archives.numbering import item_text
from govoa.archives.services.common import require_archivist
from govoa.archives.workflow import RecordStatus
from govoa.audit.models import Outcome
from govoa.audit.services import audit_record
from govoa.core.errors import ValidationFailed
from govoa.core.vocabulary import Classification, Role
from govoa.documents.files import digests, open_stored
from govoa.notify.services import notify
from govoa.org.models import Person
from govoa.org.selectors import people_with_role

TRANSFER_LIMIT = 5_000


def sm3_hex(content: bytes) -> str:
    return hashlib.new("sm3", content).hexdigest()


def canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def record_metadata(record: ArchiveRecord, settings: ArchiveSettings) -> dict[str, Any]:
    """DA/T 46-2009 elements the system knows (聚合层次 件)."""
    return {
        "聚合层次": "件",
        "来源": {"全宗号": settings.fonds_code, "立档单位名称": record.agency.name},
        "档号": {
            "档号": record.reference_code,
            "全宗号": settings.fonds_code,
            "门类代码": settings.category_code,
            "年度": record.year,
            "保管期限": record.retention,
            "机构或问题": record.org_code,
            "件号": item_text(record.item_number or 0),
        },
        "内容描述": {
            "题名": record.title,
            "文件编号": record.doc_number,
            "责任者": record.responsible,
            "日期": record.date_text,
            "文种": record.doc_type,
            "密级": str(Classification(record.classification).label),
            "附注": record.note,
        },
        "形式特征": {"页数": record.pages, "文件组合类型": "单件"},
        "计算机文件": [
            {"计算机文件名": c.name, "组成": c.get_role_display(), "计算机文件大小": c.size}
            for c in record.components.order_by("order", "pk")
        ],
        "业务": {"来源业务": record.source_label, "来源编号": record.source_id},
    }


def record_manifest(record: ArchiveRecord) -> list[dict[str, Any]]:
    """The package's files and their SM3 digests as recorded when the item was archived."""
    rows = [
        {"path": f"{c.order:02d}-{c.name}", "role": c.role, "sm3": c.sm3, "size": c.size}
        for c in record.components.order_by("order", "pk")
    ]
    if record.stamped_file is not None:
        rows.append(
            {
                "path": f"归档章-{record.stamped_file.name}",
                "role": "stamped",
                "sm3": record.stamped_file.sm3,
                "size": record.stamped_file.size,
            }
        )
    rows.append(
        {"path": "metadata.json", "role": "metadata", "sm3": sm3_hex(canonical(record.metadata))}
    )
    return rows


def seal_package(record: ArchiveRecord, settings: ArchiveSettings) -> None:
    """Metadata and the manifest digest, as the record is filed (the caller saves)."""
    record.metadata = record_metadata(record, settings)
    record.manifest_sm3 = sm3_hex(canonical(record_manifest(record)))


def metadata_xml(record: ArchiveRecord) -> bytes:
    root = ElementTree.Element("电子文件元数据", {"标准": "DA/T 46-2009"})

    def add(parent: ElementTree.Element, value: Any, tag: str) -> None:
        element = ElementTree.SubElement(parent, tag)
        if isinstance(value, dict):
            for key, inner in value.items():
                add(element, inner, key)
        elif isinstance(value, list):
            for inner in value:
                add(element, inner, "项")
        else:
            element.text = "" if value is None else str(value)

    for key, value in record.metadata.items():
        add(root, value, key)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def package_members(record: ArchiveRecord) -> list[tuple[str, bytes]]:
    """The package's files: originals in order, the stamped copy, metadata, manifest."""
    members = []
    components = record.components.select_related("file").order_by("order", "pk")
    for component in components:
        if component.file is not None:
            with open_stored(component.file) as handle:
                members.append((f"{component.order:02d}-{component.name}", handle.read()))
    if record.stamped_file is not None:
        with open_stored(record.stamped_file) as handle:
            members.append((f"归档章-{record.stamped_file.name}", handle.read()))
    members.append(("metadata.json", canonical(record.metadata)))
    members.append(("metadata.xml", metadata_xml(record)))
    manifest = {"档号": record.reference_code, "算法": "SM3", "文件": record_manifest(record)}
    members.append(("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode()))
    return members


def package_zip(*, actor: Person, record: ArchiveRecord) -> bytes:
    require_archivist(actor, "archives.record.package")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in package_members(record):
            archive.writestr(name, content)
    audit_record(action="archives.record.package", actor=actor, obj=record)
    return out.getvalue()


def mismatches(record: ArchiveRecord) -> list[str]:
    """Files of the package whose bytes no longer have their recorded SM3 (or are missing),
    and the manifest if the recorded digests themselves were changed."""
    wrong = []
    for component in record.components.select_related("file"):
        if component.file is None:
            continue
        if _sm3_of(component.file) != component.sm3:
            wrong.append(component.name)
    if record.stamped_file is not None and _sm3_of(record.stamped_file) != record.stamped_file.sm3:
        wrong.append(f"归档章-{record.stamped_file.name}")
    if record.manifest_sm3 and sm3_hex(canonical(record_manifest(record))) != record.manifest_sm3:
        wrong.append("manifest.json")
    return wrong


def _sm3_of(stored: Any) -> str:
    try:
        with open_stored(stored) as handle:
            return digests(handle)[1]
    except OSError:
        return ""


def fixity_check(
    *, agency_id: int | None = None, limit: int = 10_000
) -> list[tuple[int, list[str]]]:
    """Check the filed records' files (the least recently checked first); each mismatch is
    an audit event and a message to the agency's archivists. Returns (record id, files)."""
    records = ArchiveRecord.objects.filter(status=RecordStatus.FILED).select_related("stamped_file")
    if agency_id is not None:
        records = records.filter(agency_id=agency_id)
    failed = []
    for record in records.order_by("fixity_checked_at", "pk")[:limit]:
        wrong = mismatches(record)
        _report(record, wrong)
        if wrong:
            failed.append((record.pk, wrong))
    return failed


@transaction.atomic
def _report(record: ArchiveRecord, wrong: list[str]) -> None:
    record.fixity_checked_at, record.fixity_ok = timezone.now(), not wrong
    record.save(update_fields=["fixity_checked_at", "fixity_ok"])
    if not wrong:
        return
    audit_record(
        action="archives.record.fixity_failed",
        obj=record,
        agency_id=record.agency_id,
        outcome=Outcome.FAILURE,
        details={"reference_code": record.reference_code, "files": wrong},
    )
    notify(
        recipients=people_with_role(agency_id=record.agency_id, role=Role.ARCHIVIST),
        kind="archives.fixity.failed",
        title=f"档案完整性校验未通过：{record.reference_code}",
        body=f"以下文件与归档时的 SM3 摘要不一致：{'、'.join(wrong)}。",
        url=f"/archives/records/{record.pk}/",
        agency_id=record.agency_id,
        channels=("inapp",),
        classification=record.classification,
    )


def transfer_export(*, actor: Person, year: int) -> tuple[str, int]:
    """移交 set of a year: one folder per 档号 (its package), and a top manifest with each
    file's SM3. Written to a temporary file (path returned with the record count)."""
    require_archivist(actor, "archives.transfer.export")
    records = list(
        ArchiveRecord.objects.filter(
            agency_id=actor.agency_id,
            year=year,
            status=RecordStatus.FILED,
            classification__lte=actor.clearance,
        )
        .select_related("stamped_file")
        .order_by("class_code", "item_number")[: TRANSFER_LIMIT + 1]
    )
    if not records:
        raise ValidationFailed(fields={"year": [f"{year} 年度没有已归档的档案。"]})
    if len(records) > TRANSFER_LIMIT:
        raise ValidationFailed(fields={"year": [f"一次移交不超过 {TRANSFER_LIMIT} 件。"]})
    # Kept after closing: the view streams it and removes it.
    with tempfile.NamedTemporaryFile(suffix=".zip", delete=False) as handle:
        _write_transfer(handle, records, year)
    audit_record(
        action="archives.transfer.export",
        actor=actor,
        agency_id=actor.agency_id,
        details={"year": year, "records": len(records)},
    )
    return handle.name, len(records)


def _write_transfer(handle: Any, records: list[ArchiveRecord], year: int) -> None:
    top = []
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for record in records:
            folder = str(record.reference_code)
            for name, content in package_members(record):
                archive.writestr(f"{folder}/{name}", content)
                top.append(
                    {"path": f"{folder}/{name}", "sm3": sm3_hex(content), "size": len(content)}
                )
        manifest = {"年度": year, "件数": len(records), "算法": "SM3", "文件": top}
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
