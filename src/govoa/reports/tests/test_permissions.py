"""Every statistics screen and endpoint in the permission matrix: anonymous → login/401;
other agency, no part (a 科员), the 三员 → 404; in scope → 200. Figures above a person's
clearance are not counted (``test_statistics``)."""

import pytest

from govoa.reports.models import BulletinKind
from govoa.reports.period import month
from govoa.reports.services.bulletins import supervision_bulletin_issue
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.permissions import Matrix

pytestmark = pytest.mark.django_db


def test_matrix(people, other_agency_person, client, frozen_clock):
    period = month(FROZEN_TODAY.year, FROZEN_TODAY.month)
    bulletin = supervision_bulletin_issue(
        actor=people.principal, kind=BulletinKind.MONTHLY, period=period
    )
    screens = [
        Matrix("/reports/"),
        Matrix("/reports/bulletins/"),
        Matrix(f"/reports/bulletins/{bulletin.pk}/"),
        Matrix("/api/v1/stats/incoming", api=True),
        Matrix("/api/v1/stats/supervision", data={"kind": "quarter", "number": 4}, api=True),
    ]
    for screen in screens:
        for outsider in (other_agency_person, people.staff, people.sys_admin):
            screen.check(client, in_scope=people.principal, out_of_scope=outsider)
    # A department head sees the statistics of their department, not the bulletins.
    client.force_login(people.dept_head)
    assert client.get("/reports/").status_code == 200
    assert client.get("/api/v1/stats/incoming").status_code == 200
    assert client.get("/reports/bulletins/").status_code == 404


def test_bad_periods_are_422(people, client):
    client.force_login(people.principal)
    for query in (
        {"kind": "quarter", "number": 5},
        {"kind": "range"},
        {"kind": "range", "start": "2026-05-02", "end": "2026-05-01"},
        {"kind": "range", "start": "2020-01-01", "end": "2026-01-01"},
    ):
        response = client.get("/api/v1/stats/incoming", query)
        assert response.status_code == 422, query
        assert response.json()["error"]["message"]
    assert client.get("/api/v1/stats/nosuch").status_code in (404, 422)
    assert client.get("/reports/", {"kind": "quarter", "number": 7}).status_code == 200
