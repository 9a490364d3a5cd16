"""档案 in the one search box (issue 14): each 件 is found by its catalogue entry — 题名, 档号,
文号, 责任者, 年度 — scoped by the archives' own rule (``records_visible_q``: the archivists
see every 件 of their clearance, taken in or filed; others the catalogue — filed and
destroyed 件 — within their clearance; the 三员 nothing).

Only the catalogue is indexed, never the text of the 件内文件: who may read a file is decided
per file (the archivists, an approved and unexpired 借阅), and a snippet of its text would
show it to someone who may only read the catalogue.

``archives`` sits beside ``search`` (neither imports the other): this module registers
through ``core.search_sources`` from ``ArchivesConfig.ready``; the search app keeps the
entries current when a 件 is saved (taken in, classified, filed: ``post_save``)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from govoa.archives.models import ArchiveRecord
from govoa.archives.policies import records_visible_q
from govoa.core.search_sources import Indexed, SearchSource, register_search_source

KEY = "archives"
# What ``_indexed`` reads: a save naming none of them (a status, a fixity check, the 归档章
# file) leaves the entry as it is. Status needs no entry change: who sees a 件 in which status
# is asked of ``records_visible_q`` at every search.
FIELDS = frozenset(
    [
        "title",
        "doc_number",
        "reference_code",
        "responsible",
        "year",
        "date",
        "classification",
        "department",
        "department_id",
        "agency",
        "agency_id",
    ]
)


def _indexed(record: ArchiveRecord) -> Indexed:
    number = " ".join(n for n in (record.reference_code or "", record.doc_number) if n)
    lines = [
        f"档号：{record.reference_code}" if record.reference_code else "",
        f"文号：{record.doc_number}" if record.doc_number else "",
        f"责任者：{record.responsible}",
        f"年度：{record.year}" if record.year else "",
    ]
    return Indexed(
        agency_id=record.agency_id,
        classification=record.classification,
        title=record.title,
        number=number,
        text="；".join(line for line in lines if line),
        date=timezone.make_aware(datetime.datetime.combine(record.date, datetime.time.min)),
        department_id=record.department_id,
    )


def register() -> None:
    register_search_source(
        SearchSource(
            key=KEY,
            label="档案",
            model=ArchiveRecord,
            visible_q=records_visible_q,
            indexed=_indexed,
            url=lambda pk: reverse("archives:record_detail", args=[pk]),
            fields=FIELDS,
        )
    )
