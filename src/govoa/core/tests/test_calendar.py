import datetime

import pytest

from govoa.core.calendar import (
    add_working_days,
    is_workday,
    working_day_before,
    working_days_between,
    year_is_known,
)
from govoa.core.errors import CalendarYearUnknown
from govoa.core.models import WorkdayOverride

D = datetime.date
pytestmark = pytest.mark.django_db


def test_weekends_holidays_and_make_up_days():
    assert is_workday(D(2026, 11, 23))  # Monday
    assert not is_workday(D(2026, 11, 22))  # Sunday
    assert not is_workday(D(2026, 10, 1))  # National Day
    assert is_workday(D(2026, 2, 14))  # Saturday made a working day (Spring Festival 调休)
    assert is_workday(D(2026, 9, 20))  # Sunday made a working day (National Day 调休)


def test_five_working_days_from_friday_before_national_day():
    # The acceptance example: opened Fri 2026-09-25, five working days → Fri 2026-10-09.
    assert add_working_days(D(2026, 9, 25), 5) == D(2026, 10, 9)


def test_spring_festival_is_skipped_and_make_up_saturday_counts():
    # 2026-02-13 is a Friday; 02-14 (Sat) is a make-up working day, 02-15..02-23 are holidays.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)


def test_working_days_before_a_date_skip_holidays_and_count_make_up_days():
    # 10-10 (Sat) is a 调休 working day; the National Day holiday 10-01..10-07 is skipped.
    assert working_day_before(D(2026, 10, 12), 3) == D(2026, 10, 8)
    assert working_day_before(D(2026, 10, 8), 1) == D(2026, 9, 30)
    assert working_day_before(D(2026, 11, 23), 0) == D(2026, 11, 23)
    with pytest.raises(ValueError, match="negative"):
        working_day_before(D(2026, 11, 23), -1)


def test_zero_days_means_today_or_next_working_day():
    assert add_working_days(D(2026, 11, 23), 0) == D(2026, 11, 23)
    assert add_working_days(D(2026, 11, 21), 0) == D(2026, 11, 23)


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 11, 23), -1)


def test_working_days_between():
    assert working_days_between(D(2026, 9, 25), D(2026, 10, 9)) == 5
    assert working_days_between(D(2026, 10, 9), D(2026, 9, 25)) == 0


def test_unknown_year_raises_a_clear_chinese_error():
    with pytest.raises(CalendarYearUnknown) as excinfo:
        add_working_days(D(2026, 12, 29), 5)
    assert excinfo.value.year == 2027
    assert "2027年的节假日安排尚未录入" in excinfo.value.message
    assert "工作日历" in excinfo.value.message
    assert not year_is_known(2027)


def test_override_makes_a_year_known_and_wins():
    WorkdayOverride.objects.create(day=D(2027, 1, 1), is_workday=False, note="元旦")
    assert year_is_known(2027)
    assert not is_workday(D(2027, 1, 1))  # a Friday, but the override says holiday
    assert is_workday(D(2027, 1, 4))  # an ordinary Monday of a year entered by hand
    assert not is_workday(D(2027, 1, 2))  # Saturday
    # 2026-12-31 (Thu) + 1 → skip 2027-01-01 (override) and the weekend → Mon 2027-01-04.
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_override_beats_the_package_in_a_known_year():
    WorkdayOverride.objects.create(day=D(2026, 11, 24), is_workday=False, note="本地停工")
    assert not is_workday(D(2026, 11, 24))
    assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 25)
