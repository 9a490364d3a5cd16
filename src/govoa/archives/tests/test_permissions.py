"""The permission and 密级 matrix of every 档案 view and endpoint: anonymous → login/401,
another agency, no part or one of the 三员 → 404 (403 for a screen gated by role), too
low a clearance → 404, in scope → 200."""

import pytest

from govoa.archives.models import Appraisal, ArchiveRecord
from govoa.testing.archive_records import archives_cast, archives_ledger
from govoa.testing.permissions import Matrix
from govoa.testing.queries import query_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return archives_cast(people)


@pytest.fixture
def ledger(people, cast):
    return archives_ledger(people, cast)


def test_views(client, people, cast, ledger, other_agency_person):
    plain, secret, _old = ledger.record_ids
    loan, destruction = ledger.loan_ids[0], ledger.destruction_ids[0]
    year = ArchiveRecord.objects.get(pk=plain).year
    for url in ["/archives/", "/archives/loans/", f"/archives/catalogue.xlsx?year={year}"]:
        Matrix(url).check(client, in_scope=people.staff)
    Matrix(f"/archives/records/{plain}/").check(
        client, in_scope=people.staff, out_of_scope=other_agency_person
    )
    Matrix(f"/archives/records/{secret}/").check(
        client,
        in_scope=cast.archivist,
        out_of_scope=other_agency_person,
        low_clearance=people.staff,
    )
    Matrix(f"/archives/loans/{loan}/").check(
        client, in_scope=people.staff, out_of_scope=people.dept_head
    )
    component = ArchiveRecord.objects.get(pk=plain).components.first()
    Matrix(f"/archives/loans/{loan}/files/{component.pk}/").check(
        client, in_scope=people.staff, out_of_scope=other_agency_person
    )
    Matrix(f"/archives/destructions/{destruction}/").check(
        client, in_scope=cast.archivist, out_of_scope=people.staff
    )
    # A 鉴定: its committee's members (and the archivist), nobody else.
    appraisal = Appraisal.objects.get(record_id=ledger.record_ids[2])
    Matrix(f"/archives/appraisals/{appraisal.pk}/").check(
        client, in_scope=people.dept_head, out_of_scope=people.staff
    )
    Matrix(
        f"/archives/appraisals/{appraisal.pk}/vote/",
        method="post",
        in_scope_status=422,  # no decision given: refused, nothing recorded
    ).check(client, in_scope=people.dept_head, out_of_scope=other_agency_person)
    archivist_only = [
        "/archives/queue/",
        "/archives/appraisal/",
        "/archives/settings/",
        f"/archives/records/{plain}/stamped.pdf",
        f"/archives/records/{plain}/package.zip",
        f"/archives/notes-sheet.pdf?year={year}&class_code=2026-D10-BGS",
        f"/archives/transfer/{year}.zip",
    ]
    for url in archivist_only:
        Matrix(url, out_of_scope_status=403).check(
            client, in_scope=cast.archivist, out_of_scope=people.staff
        )
    Matrix(f"/archives/records/{secret}/stamped.pdf").check(
        client, in_scope=cast.archivist, low_clearance=_low_archivist(people)
    )
    acts = [
        (f"/archives/records/{plain}/classify/", 409),
        (f"/archives/records/{plain}/exclude/", 422),
    ]
    for url, status in acts:  # filed: not to be classified again; no reason: refused
        Matrix(url, method="post", in_scope_status=status, out_of_scope_status=403).check(
            client, in_scope=cast.archivist, out_of_scope=people.staff
        )
    for admin in (people.audit_admin, people.sys_admin, people.sec_admin):
        client.force_login(admin)
        assert client.get("/archives/").status_code == 403
        assert client.get(f"/archives/records/{plain}/").status_code == 403


def _low_archivist(people):
    from govoa.core.vocabulary import Classification, Role
    from govoa.testing.factories import grant, make_person

    person = make_person(
        department=people.office, username="dalow", clearance=Classification.INTERNAL
    )
    grant(person, Role.ARCHIVIST)
    return person


def test_endpoints(client, people, cast, ledger, other_agency_person):
    plain, secret, _old = ledger.record_ids
    loan = ledger.loan_ids[0]
    year = ArchiveRecord.objects.get(pk=plain).year
    for url in ["/api/v1/archive-records", "/api/v1/archive-loans"]:
        Matrix(url, api=True).check(client, in_scope=people.staff)
    Matrix(f"/api/v1/archive-records/catalogue?year={year}", api=True).check(
        client, in_scope=people.staff
    )
    Matrix(f"/api/v1/archive-records/{plain}", api=True).check(
        client, in_scope=people.staff, out_of_scope=other_agency_person
    )
    Matrix(f"/api/v1/archive-records/{secret}", api=True).check(
        client,
        in_scope=cast.archivist,
        out_of_scope=other_agency_person,
        low_clearance=people.staff,
    )
    Matrix(f"/api/v1/archive-loans/{loan}", api=True).check(
        client, in_scope=people.staff, out_of_scope=people.dept_head
    )
    Matrix(
        f"/api/v1/archive-records/{plain}/classify",
        method="post",
        api=True,
        in_scope_status=409,
        out_of_scope_status=404,
    ).check(client, in_scope=cast.archivist, out_of_scope=other_agency_person)
    Matrix(f"/api/v1/archive-loans/{loan}/return", method="post", api=True).check(
        client, in_scope=people.staff, out_of_scope=people.dept_head
    )
    client.force_login(people.audit_admin)
    assert client.get(f"/api/v1/archive-records/{plain}").status_code == 404


def test_list_queries_do_not_grow_with_the_rows(client, people, cast, ledger):
    from govoa.testing.archive_records import INCOMING, filed_record, finished_incoming

    client.force_login(cast.archivist)
    urls = ["/archives/", "/archives/loans/", "/archives/queue/", "/api/v1/archive-records"]
    for url in urls:
        client.get(url)
    before = {url: query_count(lambda u=url: client.get(u)) for url in urls}
    for n in range(3):
        document = finished_incoming(people, source_number=f"加测〔2026〕{n}号", title=f"加测{n}")
        filed_record(cast, INCOMING, document.pk)
    finished_incoming(people, source_number="加测〔2026〕9号", title="待接收")
    after = {url: query_count(lambda u=url: client.get(u)) for url in urls}
    assert after == before
