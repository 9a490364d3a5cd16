"""A statistics period: a month, a quarter or any span of days, as local dates."""

import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    label: str = ""

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware datetimes [start, end + 1 day), so that a filter reads its column's index."""
        tz = timezone.get_current_timezone()
        first = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz)
        after = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return first, after

    @property
    def text(self) -> str:
        return self.label or f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


def month(year: int, number: int) -> Period:
    start = datetime.date(year, number, 1)
    following = datetime.date(year + number // 12, number % 12 + 1, 1)
    return Period(start, following - datetime.timedelta(days=1), f"{year}年{number}月")


def quarter(year: int, number: int) -> Period:
    first = month(year, number * 3 - 2)
    last = month(year, number * 3)
    return Period(first.start, last.end, f"{year}年第{number}季度")


def previous_month(today: datetime.date) -> Period:
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return month(last.year, last.month)


def previous_quarter(today: datetime.date) -> Period:
    number = (today.month - 1) // 3
    return quarter(today.year - 1, 4) if number == 0 else quarter(today.year, number)


def default_period(today: datetime.date) -> Period:
    """The statistics open on the current month."""
    return month(today.year, today.month)
