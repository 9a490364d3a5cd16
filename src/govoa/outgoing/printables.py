"""发文稿纸 (the approval sheet with every opinion, name and date) and the 发文登记簿."""

from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils import timezone

from govoa.core.dates import chinese_date
from govoa.documents.registers import RegisterBook
from govoa.documents.rendering.pdf import html_to_pdf
from govoa.flow.presenters import signed_opinions
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.official import organs
from govoa.outgoing.policies import SUBJECT_TYPE

OPINION_ROWS = [
    (("principal_sign", "leader_sign"), "签发"),
    (("office_review", "legal_review"), "核稿"),
    (("countersign",), "会签"),
    (("dept_review",), "审核"),
    (("recheck",), "复核"),
    (("proofread",), "校对"),
]


def approval_sheet_pdf(document: OutgoingDocument) -> bytes:
    """发文稿纸: the form on which the approvals were given, filled from the trail."""
    opinions = signed_opinions(SUBJECT_TYPE, document.pk)
    rows = [
        (label, [o for key in keys for o in opinions.get(key, [])]) for keys, label in OPINION_ROWS
    ]
    html = render_to_string(
        "outgoing/print/approval_sheet.html",
        {
            "doc": document,
            "rows": rows,
            "drafted": chinese_date(document.created_at),
            "signed": chinese_date(document.signed_at),
            "issued": chinese_date(document.issued_on),
            "recipients": "、".join(organs(document.recipients)),
            "cc": "、".join(organs(document.cc)),
            "countersign": "、".join(d.name for d in document.countersign_departments.all()),
            "attachments": [a.name for a in document.attachments.all()],
        },
    )
    return html_to_pdf(html)


REGISTER_HEADERS = [
    "发文字号",
    "标题",
    "文种",
    "密级",
    "紧急程度",
    "拟稿部门",
    "拟稿人",
    "签发人",
    "签发日期",
    "印发日期",
    "份数",
    "主送",
    "状态",
]


def _rows(documents: Sequence[OutgoingDocument]) -> list[list[object]]:
    return [
        [
            d.number or "（未编号）",
            d.title,
            d.get_doc_type_display(),
            d.get_classification_display(),
            d.get_urgency_display(),
            d.drafting_department.name,
            d.drafter.real_name,
            d.signed_by.real_name if d.signed_by else "",
            timezone.localtime(d.signed_at).strftime("%Y-%m-%d") if d.signed_at else "",
            d.issued_on.isoformat() if d.issued_on else "",
            d.printed_copies or d.copies,
            "、".join(organs(d.recipients)),
            d.get_status_display(),
        ]
        for d in documents
    ]


def register_book(documents: Sequence[OutgoingDocument], *, period: str) -> RegisterBook:
    return RegisterBook(
        name="发文登记簿",
        subject="发文",
        headers=REGISTER_HEADERS,
        rows=_rows(documents),
        period_label="拟稿期间",
        period=period,
    )
