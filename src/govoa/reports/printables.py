"""督查通报 as PDF, through the documents rendering stack."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string

from govoa.core.dates import chinese_date
from govoa.documents.rendering.pdf import html_to_pdf
from govoa.reports.period import Period
from govoa.reports.sections import Section


def bulletin_pdf(
    *,
    agency_name: str,
    period: Period,
    sections: Sequence[Section],
    trend: Sequence[dict[str, Any]],
    issued: datetime.date,
) -> bytes:
    html = render_to_string(
        "reports/print/bulletin.html",
        {
            "agency_name": agency_name,
            "period": period,
            "sections": sections,
            "trend": trend,
            "issued": chinese_date(issued),
        },
    )
    return html_to_pdf(html)
