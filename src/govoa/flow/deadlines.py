"""Due dates in working days. When the calendar does not know a year yet, the date is
estimated from Monday–Friday and marked as an estimate rather than stopping the flow."""

import datetime

from govoa.core.calendar import add_working_days, working_day_before, working_days_between
from govoa.core.errors import CalendarYearUnknown


def due_after(start: datetime.date, days: int) -> tuple[datetime.date, bool]:
    """``(due date, is_estimate)`` for ``days`` working days after ``start``."""
    try:
        return add_working_days(start, days), False
    except CalendarYearUnknown:
        day, remaining = start, days
        while remaining:
            day += datetime.timedelta(days=1)
            if day.weekday() < 5:
                remaining -= 1
        return day, True


def working_days_late(due: datetime.date, today: datetime.date) -> int:
    try:
        return working_days_between(due, today)
    except CalendarYearUnknown:
        return sum(
            1
            for n in range(1, (today - due).days + 1)
            if (due + datetime.timedelta(days=n)).weekday() < 5
        )


def next_working_day(today: datetime.date) -> datetime.date:
    return due_after(today, 1)[0]


def due_before(due: datetime.date, days: int) -> tuple[datetime.date, bool]:
    """``(date, is_estimate)``: ``days`` working days before ``due`` (a companion's deadline,
    e.g. 协办 answering before the 主办's 办理时限)."""
    try:
        return working_day_before(due, days), False
    except CalendarYearUnknown:
        day, remaining = due, days
        while remaining:
            day -= datetime.timedelta(days=1)
            if day.weekday() < 5:
                remaining -= 1
        return day, True
