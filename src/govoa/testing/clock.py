"""The suite's clock. Every test runs at ``FROZEN_NOW`` (time flowing from there), so no test
depends on the day it runs: a literal date in a test means the same thing in 2030 as today.

The root ``conftest.py`` starts one travel for the whole session (so module-level code,
migrations and session fixtures see the frozen clock too) and travels back to ``FROZEN_NOW``
before each test. A test that needs another moment uses time-machine's ``time_machine``
fixture (``time_machine.move_to(...)``). Only processes started outside pytest (the
``govoa run`` test) and the database server keep the real clock."""

import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Monday in a year the working-day calendar knows, some weeks before year end.
FROZEN_NOW = datetime.datetime(2026, 11, 16, 9, 30, tzinfo=SHANGHAI)
FROZEN_TODAY = FROZEN_NOW.date()
