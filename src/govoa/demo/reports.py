"""Demo data for 全文检索 and 统计与通报: the search index of everything seeded, and last
month's 督查通报 issued by the office head."""

from django.utils import timezone

from govoa.core.vocabulary import Role
from govoa.org.models import Agency
from govoa.org.selectors import people_with_role
from govoa.reports.models import BulletinKind
from govoa.reports.period import previous_month
from govoa.reports.services.bulletins import supervision_bulletin_issue
from govoa.search.indexing import search_reindex


def seed_reports(agency: Agency) -> None:
    office_head = people_with_role(agency_id=agency.pk, role=Role.OFFICE_HEAD).first()
    if office_head is not None:
        supervision_bulletin_issue(
            actor=office_head,
            kind=BulletinKind.MONTHLY,
            period=previous_month(timezone.localdate()),
        )


def seed_search_index() -> int:
    return search_reindex()
