"""The forms an office prints: 收文处理单 (filled from the trail with every opinion, name
and date), 退文通知单, and the 收文登记簿 as PDF and XLSX."""

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone

from govoa.core.dates import chinese_date
from govoa.core.vocabulary import Classification
from govoa.documents.registers import RegisterBook
from govoa.documents.rendering.pdf import html_to_pdf
from govoa.flow.presenters import signed_opinions
from govoa.incoming.models import IncomingDocument
from govoa.incoming.policies import SUBJECT_TYPE

SHEET_ROWS = [
    ("screen", "初审"),
    ("propose", "拟办意见"),
    ("instruct", "领导批示"),
    ("assign", "分办"),
    ("handle", "承办"),
    ("co_handle", "协办"),
    ("circulate", "传阅"),
    ("complete", "办结"),
]


def processing_sheet_pdf(document: IncomingDocument) -> bytes:
    opinions = signed_opinions(SUBJECT_TYPE, document.pk)
    html = render_to_string(
        "incoming/print/processing_sheet.html",
        {
            "doc": document,
            "classification": Classification(document.classification).label,
            "rows": [(label, opinions.get(key, [])) for key, label in SHEET_ROWS],
            "received": chinese_date(document.received_at),
            "written": chinese_date(document.written_on),
            "deadline": chinese_date(document.deadline),
            "completed": chinese_date(document.completed_at),
            "co_departments": "、".join(d.name for d in document.co_departments.all()),
        },
    )
    return html_to_pdf(html)


def return_slip_pdf(document: IncomingDocument) -> bytes:
    """退文通知单: to the sender, with the reason (条例 第二十四条 (三))."""
    html = render_to_string(
        "incoming/print/return_slip.html",
        {
            "doc": document,
            "today": chinese_date(timezone.localdate()),
            "received": chinese_date(document.received_at),
        },
    )
    return html_to_pdf(html)


REGISTER_HEADERS = [
    "收文编号",
    "收文日期",
    "来文单位",
    "来文文号",
    "标题",
    "文种",
    "密级",
    "紧急程度",
    "份数",
    "主办部门",
    "承办人",
    "办理时限",
    "状态",
    "办结日期",
]


def _register_rows(documents: Iterable[IncomingDocument]) -> list[list[object]]:
    return [
        [
            d.number,
            timezone.localtime(d.received_at).strftime("%Y-%m-%d"),
            d.source_org,
            d.source_number,
            d.title,
            d.get_doc_type_display(),
            d.get_classification_display(),
            d.get_urgency_display(),
            d.copies,
            d.lead_department.name if d.lead_department else "",
            d.handler.real_name if d.handler else "",
            d.deadline.isoformat() if d.deadline else "",
            d.get_status_display(),
            timezone.localtime(d.completed_at).strftime("%Y-%m-%d") if d.completed_at else "",
        ]
        for d in documents
    ]


def register_book(documents: Iterable[IncomingDocument], *, period: str) -> RegisterBook:
    return RegisterBook(
        name="收文登记簿",
        subject="收文",
        headers=REGISTER_HEADERS,
        rows=_register_rows(documents),
        period_label="登记期间",
        period=period,
    )
