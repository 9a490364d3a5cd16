"""The working-day overrides in the shared cache: no query per due date, and a change is seen
by the very next computation."""

import datetime

from govoa.core.calendar import add_working_days, year_is_known
from govoa.core.models import WorkdayOverride
from govoa.testing.queries import query_count

FRIDAY = datetime.date(2026, 11, 20)


def test_overrides_are_read_once_and_a_change_is_seen_at_once(db):
    assert add_working_days(FRIDAY, 1) == datetime.date(2026, 11, 23)  # fills the cache
    assert query_count(lambda: add_working_days(FRIDAY, 1)) == 0
    WorkdayOverride.objects.create(day=datetime.date(2026, 11, 23), is_workday=False)
    assert add_working_days(FRIDAY, 1) == datetime.date(2026, 11, 24)
    override = WorkdayOverride.objects.get()
    override.is_workday = True
    override.save()
    assert add_working_days(FRIDAY, 1) == datetime.date(2026, 11, 23)
    override.delete()
    WorkdayOverride.objects.create(day=datetime.date(2026, 11, 21), is_workday=True)  # 调休
    assert add_working_days(FRIDAY, 1) == datetime.date(2026, 11, 21)


def test_a_year_the_package_does_not_know_is_known_once_it_has_overrides(db):
    assert not year_is_known(2031)
    WorkdayOverride.objects.create(day=datetime.date(2031, 1, 1), is_workday=False)
    assert year_is_known(2031)


def test_without_a_shared_cache_every_computation_reads_the_overrides(db, settings):
    settings.GOVOA_CACHE_SHARED = False
    add_working_days(FRIDAY, 1)
    assert query_count(lambda: add_working_days(FRIDAY, 1)) == 1
