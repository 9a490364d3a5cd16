"""The 用印登记簿 as XLSX or PDF (the documents rendering stack), an audited export."""

from collections.abc import Sequence

from govoa.core.dates import chinese_date
from govoa.documents.registers import RegisterBook, register_export
from govoa.org.models import Person
from govoa.seals.models import SealUsage

HEADERS = [
    "用印日期",
    "印章",
    "用印事由",
    "文件",
    "用印单位",
    "申请部门",
    "批准人",
    "用印人",
    "份数",
]


def register_rows(usages: Sequence[SealUsage]) -> list[list[object]]:
    return [
        [
            chinese_date(u.stamped_at.date()) if u.stamped_at else "",
            u.seal.name,
            u.reason,
            " ".join(x for x in (u.document_number, u.document_title) if x),
            u.use_unit,
            u.department.name,
            u.approved_by.real_name if u.approved_by else "",
            u.stamped_by.real_name if u.stamped_by else "",
            u.stamped_count,
        ]
        for u in usages
    ]


def seal_register_export(
    *, actor: Person, usages: Sequence[SealUsage], fmt: str, period: str, query: str
) -> bytes:
    book = RegisterBook(
        name="用印登记簿",
        subject="用印",
        headers=HEADERS,
        rows=register_rows(usages),
        period_label="用印期间",
        period=period,
    )
    return register_export(
        actor=actor, book=book, fmt=fmt, action="seals.register.export", query=query
    )
