"""归档文件目录 (DA/T 22-2015 5.5.2: 序号、档号、文号、责任者、题名、日期、密级、页数、备注)
as XLSX or a landscape PDF, and the 备考表 of a class (盒内文件情况说明、整理人、检查人)."""

from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils import timezone

from govoa.archives.models import ArchiveRecord
from govoa.audit.services import audit_record
from govoa.core.dates import chinese_date
from govoa.core.vocabulary import Classification
from govoa.documents.registers import RegisterBook, register_export
from govoa.documents.rendering.pdf import html_to_pdf
from govoa.org.models import Person

HEADERS = ["序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"]


def catalogue_rows(records: Sequence[ArchiveRecord]) -> list[list[object]]:
    return [
        [
            index,
            r.reference_code or "",
            r.doc_number,
            r.responsible,
            r.title,
            r.date_text,
            str(Classification(r.classification).label),
            r.pages,
            "；".join(x for x in (r.note, "已销毁" if r.destroyed_at else "") if x),
        ]
        for index, r in enumerate(records, start=1)
    ]


def catalogue_export(
    *, actor: Person, records: Sequence[ArchiveRecord], fmt: str, year: int, query: str
) -> bytes:
    book = RegisterBook(
        name="归档文件目录",
        subject="归档文件",
        headers=HEADERS,
        rows=catalogue_rows(records),
        period_label="年度",
        period=f"{year}年",
    )
    return register_export(
        actor=actor, book=book, fmt=fmt, action="archives.catalogue.export", query=query
    )


def notes_sheet_pdf(*, actor: Person, records: Sequence[ArchiveRecord], class_code: str) -> bytes:
    """备考表 of one class (one box): what it holds, who arranged it and when."""
    arrangers = sorted({r.filed_by.real_name for r in records if r.filed_by})
    secret = sum(1 for r in records if r.classification >= Classification.SECRET)
    numbers = [r.item_number for r in records if r.item_number]
    html = render_to_string(
        "archives/print/notes_sheet.html",
        {
            "class_code": class_code,
            "count": len(records),
            "first": min(numbers) if numbers else None,
            "last": max(numbers) if numbers else None,
            "pages": sum(r.pages for r in records),
            "secret": secret,
            "destroyed": sum(1 for r in records if r.destroyed_at),
            "arrangers": "、".join(arrangers),
            "arranged": chinese_date(
                max((r.filed_at for r in records if r.filed_at), default=None)
            ),
            "agency": actor.agency.name,
            "printed": chinese_date(timezone.localdate()),
        },
    )
    content = html_to_pdf(html)
    audit_record(
        action="archives.notes.export",
        actor=actor,
        agency_id=actor.agency_id,
        details={"class": class_code, "records": len(records)},
    )
    return content
