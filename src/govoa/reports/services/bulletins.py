"""督查通报: issued for a month or a quarter (by the office, or by the scheduler after the
period closes), its PDF archived with the figures it shows, the leaders told. Issuing the
same period again returns the one issued (idempotent)."""

import datetime
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.vocabulary import Role
from govoa.documents.files import store_generated
from govoa.notify.services import notify
from govoa.org.models import Agency, Person
from govoa.org.selectors import people_with_role
from govoa.reports import period as periods
from govoa.reports.models import BulletinKind, SupervisionBulletin
from govoa.reports.period import Period
from govoa.reports.policies import can_issue_bulletin
from govoa.reports.printables import bulletin_pdf
from govoa.reports.sections import Section
from govoa.reports.selectors import statistics

BULLETIN_SECTIONS = ("incoming", "supervision", "meetings", "outgoing")
TREND_PERIODS = 3


def _previous(kind: str, period: Period) -> Period:
    before = period.start - datetime.timedelta(days=1)
    if kind == BulletinKind.QUARTERLY:
        return periods.quarter(before.year, (before.month - 1) // 3 + 1)
    return periods.month(before.year, before.month)


def _summary(label: str, sections: dict[str, Section]) -> dict[str, Any]:
    incoming, tasks = sections["incoming"].totals, sections["supervision"].totals
    return {
        "label": label,
        "incoming": incoming[1],
        "on_time": incoming[4],
        "incoming_overdue": incoming[5],
        "tasks": tasks[1],
        "completion": tasks[5],
        "tasks_overdue": tasks[4],
    }


def _trend(actor: Person, kind: str, period: Period) -> list[dict[str, Any]]:
    """The headline figures of this period and the ones before it, oldest first."""
    rows, current = [], period
    for _ in range(TREND_PERIODS):
        found = statistics(person=actor, period=current, keys=("incoming", "supervision"))
        rows.append(_summary(current.text, {s.key: s for s in found}))
        current = _previous(kind, current)
    return rows[::-1]


def leaders_of(agency_id: int) -> list[Person]:
    found = [
        *people_with_role(agency_id=agency_id, role=Role.LEADER_PRINCIPAL),
        *people_with_role(agency_id=agency_id, role=Role.LEADER_DEPUTY),
    ]
    return list({p.pk: p for p in found}.values())


def supervision_bulletin_issue(
    *, actor: Person, kind: str, period: Period, scheduled: bool = False
) -> SupervisionBulletin:
    if not can_issue_bulletin(actor):
        raise audit_denied(
            action="reports.bulletin.issue",
            actor=actor,
            reason="督查通报由办公室主任或主要领导印发。",
        )
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=actor.agency_id).first()
        issued = SupervisionBulletin.objects.filter(
            agency_id=actor.agency_id, kind=kind, period_start=period.start
        ).first()
        if issued is not None:
            return issued
        sections = statistics(person=actor, period=period, keys=BULLETIN_SECTIONS)
        trend = _trend(actor, kind, period)
        today = timezone.localdate()
        content = bulletin_pdf(
            agency_name=actor.agency.name,
            period=period,
            sections=sections,
            trend=trend,
            issued=today,
        )
        stored = store_generated(
            agency_id=actor.agency_id,
            name=f"督查通报（{period.text}）.pdf",
            kind="pdf",
            content=content,
        )
        bulletin = SupervisionBulletin.objects.create(
            agency_id=actor.agency_id,
            kind=kind,
            period_start=period.start,
            period_end=period.end,
            label=period.text,
            file=stored,
            figures=trend[-1],
            issued_by=None if scheduled else actor,
            issued_at=timezone.now(),
        )
        leaders = leaders_of(actor.agency_id)
        notify(
            recipients=leaders,
            kind="reports.bulletin",
            title=f"督查通报（{period.text}）已印发",
            body="请查阅本期收文办理、督查督办和发文执行情况及超期事项。",
            url=f"/reports/bulletins/{bulletin.pk}/",
            agency_id=actor.agency_id,
        )
        audit_record(
            action="reports.bulletin.issue",
            actor=None if scheduled else actor,
            obj=bulletin,
            details={"period": period.text, "to": [p.real_name for p in leaders]},
        )
    return bulletin


def _issuer(agency_id: int) -> Person | None:
    return (
        people_with_role(agency_id=agency_id, role=Role.OFFICE_HEAD).order_by("pk").first()
        or people_with_role(agency_id=agency_id, role=Role.LEADER_PRINCIPAL).order_by("pk").first()
    )


DUE: dict[str, Callable[[datetime.date], Period]] = {
    BulletinKind.MONTHLY: periods.previous_month,
    BulletinKind.QUARTERLY: periods.previous_quarter,
}


def bulletins_issue_due(today: datetime.date | None = None) -> int:
    """The scheduler's round: each agency's 通报 of the month (and quarter) just closed, if
    not issued yet — in the office head's name and view. Returns how many were issued."""
    today = today or timezone.localdate()
    count = 0
    for agency in Agency.objects.order_by("pk"):
        issuer = _issuer(agency.pk)
        if issuer is None:
            continue
        for kind, period_of in DUE.items():
            period = period_of(today)
            if SupervisionBulletin.objects.filter(
                agency=agency, kind=kind, period_start=period.start
            ).exists():
                continue
            supervision_bulletin_issue(actor=issuer, kind=kind, period=period, scheduled=True)
            count += 1
    return count
