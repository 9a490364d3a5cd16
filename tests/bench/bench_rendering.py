"""Rendering a 10-page 通知 to PDF (WeasyPrint) and DOCX (python-docx) in a warm process.

Target (DESIGN §5, issue 5): PDF under 2 s warm. No database is used."""

import io
import statistics
import time

import pdfplumber
import pytest

from govoa.documents.rendering.docx import render_docx
from govoa.documents.rendering.pdf import render_pdf
from govoa.documents.tests.samples import sample_notice

pytestmark = pytest.mark.bench

BODY_PAGES = 7  # with the 版头, 署名, two 附件 pages and the 版记: 10 pages in all


def _median_seconds(render, document, runs: int) -> tuple[float, bytes]:
    output = render(document)  # warm: templates, fonts, WeasyPrint's font configuration
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        output = render(document)
        times.append(time.perf_counter() - started)
    return statistics.median(times), output


def test_render_ten_pages(bench_size, report):
    document = sample_notice(pages=BODY_PAGES)
    runs = bench_size(15, 3)
    pdf_seconds, pdf = _median_seconds(render_pdf, document, runs)
    docx_seconds, docx = _median_seconds(render_docx, document, runs)
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        pages = len(opened.pages)
    assert pages == 10

    report(
        "rendering",
        {
            "pages": pages,
            "runs": runs,
            "pdf_median_s": round(pdf_seconds, 3),
            "pdf_kb": len(pdf) // 1024,
            "docx_median_s": round(docx_seconds, 3),
            "docx_kb": len(docx) // 1024,
        },
    )
    if bench_size(1, 0):  # full mode only: a generous bound over the 2 s target
        assert pdf_seconds < 2.0
        assert docx_seconds < 1.0
