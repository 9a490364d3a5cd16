"""The working-day calendar: weekends, statutory holidays and make-up working days (调休).

An administrator's override for a date wins; otherwise ``chinese_calendar`` decides. A year
that the package does not cover and that has no override at all is unknown, and asking about
it raises ``CalendarYearUnknown`` with a message saying how to fix it."""

import datetime

import chinese_calendar
from django.db.models import QuerySet

from govoa.core.cached import cached, shared_cache
from govoa.core.errors import CalendarYearUnknown
from govoa.core.models import WorkdayOverride

# The overrides are a few dozen rows a year, changed by an administrator a few times a year,
# and read by every act that sets a due date: kept whole in the shared cache (core/cached.py),
# stamped afresh by every change (``OVERRIDES`` in ``CoreConfig.ready``).
OVERRIDES = "calendar-overrides"


def _all_overrides() -> dict[datetime.date, bool]:
    return dict(WorkdayOverride.objects.values_list("day", "is_workday"))


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    if shared_cache():
        return {d: w for d, w in cached(OVERRIDES, _all_overrides).items() if start <= d <= end}
    rows = WorkdayOverride.objects.filter(day__range=(start, end)).values_list("day", "is_workday")
    return dict(rows)


class _Calendar:
    """Answers for a window of dates with one query for the overrides in it (none while the
    overrides are in the shared cache)."""

    def __init__(self, start: datetime.date, end: datetime.date):
        self.overrides = _overrides(start, end)
        self._year_has_overrides: dict[int, bool] = {}

    def year_has_overrides(self, year: int) -> bool:
        if year not in self._year_has_overrides:
            if shared_cache():
                days = cached(OVERRIDES, _all_overrides)
                self._year_has_overrides[year] = any(d.year == year for d in days)
            else:
                self._year_has_overrides[year] = WorkdayOverride.objects.filter(
                    day__year=year
                ).exists()
        return self._year_has_overrides[year]

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            if not self.year_has_overrides(day.year):
                raise CalendarYearUnknown(day.year) from None
            # The administrator entered this year's arrangements: dates not listed follow the
            # ordinary week.
            return day.weekday() < 5


def is_workday(day: datetime.date) -> bool:
    return _Calendar(day, day).is_workday(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself does not count).

    ``add_working_days(date(2026, 9, 25), 5)`` is 2026-10-09: the National Day holiday
    (10-01 to 10-07) is skipped. ``days`` = 0 gives ``start`` if it is a working day, else the
    next working day."""
    if days < 0:
        raise ValueError("days must not be negative")
    # Three calendar weeks per working week covers the longest holiday run (Spring Festival).
    window_end = start + datetime.timedelta(days=days * 2 + 30)
    calendar = _Calendar(start, window_end)
    day = start
    if days == 0:
        while not calendar.is_workday(day):
            day += datetime.timedelta(days=1)
        return day
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if day > window_end:  # pragma: no cover — only with absurd override tables
            calendar = _Calendar(day, day + datetime.timedelta(days=remaining * 2 + 30))
            window_end = day + datetime.timedelta(days=remaining * 2 + 30)
        if calendar.is_workday(day):
            remaining -= 1
    return day


def working_day_before(end: datetime.date, days: int) -> datetime.date:
    """The working day ``days`` working days before ``end`` (``end`` itself does not count):
    ``working_day_before(date(2026, 10, 12), 3)`` is 2026-10-08: Saturday 10-10 is a 调休
    working day, 10-11 a Sunday. ``days`` = 0 gives ``end``."""
    if days < 0:
        raise ValueError("days must not be negative")
    window_start = end - datetime.timedelta(days=days * 2 + 30)
    calendar = _Calendar(window_start, end)
    day, remaining = end, days
    while remaining:
        day -= datetime.timedelta(days=1)
        if day < window_start:  # pragma: no cover — only with absurd override tables
            window_start = day - datetime.timedelta(days=remaining * 2 + 30)
            calendar = _Calendar(window_start, day)
        if calendar.is_workday(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if ``end <= start``)."""
    if end <= start:
        return 0
    calendar = _Calendar(start, end)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if calendar.is_workday(day):
            count += 1
    return count


def overrides_in_year(year: int) -> "QuerySet[WorkdayOverride]":
    return WorkdayOverride.objects.filter(day__year=year).order_by("day")


def year_is_known(year: int) -> bool:
    day = datetime.date(year, 1, 1)
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return _Calendar(day, day).year_has_overrides(year)
    return True
