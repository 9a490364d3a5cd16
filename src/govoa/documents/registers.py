"""登记簿 exports (收文, 发文, …): the same book as XLSX or as a printed landscape PDF, and the
audit event every export writes (DESIGN §5: exports are sensitive acts)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.dates import chinese_date
from govoa.core.errors import ValidationFailed
from govoa.core.xlsx import workbook_bytes
from govoa.documents.rendering.pdf import html_to_pdf
from govoa.org.models import Person

# Rows an export may hold. A PDF is typeset in the request (about 5 s per 1,000 rows, and
# the PDF engine serves one render at a time): larger books go to Excel.
LIMITS = {"xlsx": 20_000, "pdf": 1_000}


@dataclass(frozen=True)
class RegisterBook:
    name: str  # 收文登记簿
    subject: str  # 收文 (for "本期间没有收文")
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    period_label: str  # 登记期间
    period: str  # 2026年1月1日至今天


def register_bytes(book: RegisterBook, fmt: str, *, agency_name: str) -> bytes:
    if fmt == "xlsx":
        return workbook_bytes([(book.name, book.headers, book.rows)])
    html = render_to_string(
        "documents/print/register.html",
        {
            "name": book.name,
            "subject": book.subject,
            "headers": book.headers,
            "rows": book.rows,
            "period_label": book.period_label,
            "period": book.period,
            "agency": agency_name,
            "printed": chinese_date(timezone.localdate()),
        },
    )
    return html_to_pdf(html)


def register_export(
    *, actor: Person, book: RegisterBook, fmt: str, action: str, query: str
) -> bytes:
    """The book in ``fmt`` (xlsx or pdf); the export is audited with its size and filters.
    Callers pass at most ``LIMITS[fmt] + 1`` rows: one more is refused."""
    if len(book.rows) > LIMITS[fmt]:
        other = "请缩小查询范围，或导出 Excel。" if fmt == "pdf" else "请缩小查询范围。"
        raise ValidationFailed(f"共超过 {LIMITS[fmt]} 件，不能一次导出。{other}")
    content = register_bytes(book, fmt, agency_name=actor.agency.name)
    audit_record(
        action=action,
        actor=actor,
        agency_id=actor.agency_id,
        details={"format": fmt, "rows": len(book.rows), "query": query[:300]},
    )
    return content
