"""Dates as offices write them, and day boundaries in the local time zone."""

import datetime

from django.utils import timezone


def chinese_date(value: datetime.date | datetime.datetime | None) -> str:
    """2026年11月3日: Arabic numerals without padding, as GB/T 9704 writes dates."""
    if value is None:
        return ""
    day = timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value
    return f"{day.year}年{day.month}月{day.day}日"


def period_text(start: datetime.date | None, end: datetime.date | None) -> str:
    """The period a 登记簿 covers, as its heading says: 2026年1月1日至今天."""
    first = chinese_date(start) if start else "最早"
    last = chinese_date(end) if end else "今天"
    return f"{first}至{last}"


def day_start(day: datetime.date) -> datetime.datetime:
    """The first moment of ``day`` in the local time zone (for date-range filters)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
