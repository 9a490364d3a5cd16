"""The statistics of the fixed data set (``dataset.py``) against figures computed by hand."""

import pytest

from govoa.core.vocabulary import Classification
from govoa.reports.period import month
from govoa.reports.selectors import statistics
from govoa.reports.tests.dataset import build
from govoa.testing.clock import FROZEN_TODAY

pytestmark = pytest.mark.django_db

PERIOD = month(FROZEN_TODAY.year, FROZEN_TODAY.month)


def _sections(person):
    return {s.key: s for s in statistics(person=person, period=PERIOD)}


def test_figures_of_the_agency(people, frozen_clock):
    build(people)
    sections = _sections(people.principal)

    incoming = sections["incoming"]
    # 规划处: 3 received, 2 completed in 4.0 and 5.0 days, 1 of 2 on time, 2 overdue.
    # 能源处: 2 received (last month's not counted), 1 completed in 3.0 days on time.
    assert incoming.rows == [
        ["能源处", 2, 1, 3.0, 100.0, 0],
        ["规划处", 3, 2, 4.5, 50.0, 2],
    ]
    assert incoming.totals == ["合计", 5, 3, 4.0, 66.7, 2]
    assert [i["title"] for i in incoming.listing] == ["统计样本收文2", "统计样本收文3"]

    tasks = sections["supervision"]
    # Due this month: 4 (next month's not counted); 2 completed, 1 of them on time;
    # overdue: the one completed late and the open one past its 时限.
    assert tasks.rows == [["规划处", 4, 2, 1, 2, 50.0, 50.0]]
    assert [i["title"] for i in tasks.listing] == ["统计样本督办事项2", "统计样本督办事项3"]

    outgoing = sections["outgoing"]
    assert outgoing.rows == [["通知", 2, 1], ["函", 1, 0]]
    assert outgoing.totals == ["合计", 3, 1]

    meetings = sections["meetings"]
    # 能源处: 2 plans due, none held (one to come on the 20th, one cancelled); 1 outside plan.
    # 规划处: 4 due, 3 held (one on the 13th, after its window), 2 in their window; 1 outside.
    assert meetings.rows == [["能源处", 2, 0, 0, 0.0, 1], ["规划处", 4, 3, 2, 75.0, 1]]
    assert meetings.totals == ["合计", 6, 3, 2, 50.0, 2]
    assert [m["name"] for m in meetings.listing] == [
        "迎峰度冬部署会",
        "年度总结预备会",
        "能源保供协调会",
    ]

    supplies = sections["supplies"]
    assert supplies.rows == [["签字笔", "支", 10], ["A4 复印纸", "包", 5]]
    assert {r["department"]: r["quantity"] for r in supplies.listing} == {"规划处": 13, "能源处": 2}


def test_figures_within_clearance_and_departments(people, frozen_clock):
    build(people)
    people.dept_head.clearance = Classification.INTERNAL
    people.dept_head.save(update_fields=["clearance"])
    incoming = _sections(people.dept_head)["incoming"]
    # 规划处 only; the 秘密 document of 能源处 is neither counted nor named.
    assert incoming.rows == [["规划处", 3, 2, 4.5, 50.0, 2]]
    # The 秘密 meeting held under its plan is not counted: 2 of 4 held, 1 in its window.
    meetings = _sections(people.dept_head)["meetings"]
    assert meetings.rows == [["规划处", 4, 2, 1, 50.0, 1]]


def test_no_statistics_for_staff_or_the_three_admins(people):
    assert statistics(person=people.staff, period=PERIOD) == []
    assert statistics(person=people.sys_admin, period=PERIOD) == []
