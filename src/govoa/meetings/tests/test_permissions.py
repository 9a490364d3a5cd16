"""Who sees a meeting, on every screen and endpoint: anonymous → login/401; outside the scope
(another agency, a colleague with no part in it, the 三员) → 404; insufficient clearance →
404; the organiser, the chair, the approver and the invitees → 200."""

import pytest

from govoa.core.vocabulary import Classification, Role
from govoa.meetings.models import Meeting
from govoa.testing.factories import grant, make_person
from govoa.testing.meetings import approved, room
from govoa.testing.permissions import Matrix


@pytest.fixture
def secret_meeting(people):
    people.staff.clearance = Classification.SECRET
    people.staff.save()
    return approved(people, classification=Classification.SECRET, title="关于秘密事项的会议")


@pytest.fixture
def low(people):
    """Heads 规划处 (the organising department, in scope) but is cleared only 内部."""
    person = make_person(
        department=people.planning, username="lowclear", clearance=Classification.INTERNAL
    )
    grant(person, Role.DEPT_HEAD, [people.planning])
    return person


@pytest.fixture
def energy_head(people):
    person = make_person(department=people.energy, username="nycz", clearance=Classification.SECRET)
    grant(person, Role.DEPT_HEAD, [people.energy])
    return person


def _screens(meeting):
    base = f"/meetings/{meeting.pk}/"
    prints = ["handbook", "seating", "name-cards", "sign-in-sheet"]
    return [base, *(f"{base}print/{kind}.pdf" for kind in prints)]


def test_meeting_screens_and_endpoints(
    client, people, secret_meeting, low, energy_head, other_agency_person
):
    api = f"/api/v1/meetings/{secret_meeting.pk}"
    for url, is_api in [*((u, False) for u in _screens(secret_meeting)), (api, True)]:
        matrix = Matrix(url, api=is_api)
        # the organiser; 能源处长 has no part in it; 规划处's under-cleared head
        matrix.check(client, in_scope=people.dept_head, out_of_scope=energy_head, low_clearance=low)
        # the chair; another agency
        matrix.check(client, in_scope=people.deputy, out_of_scope=other_agency_person)
        # an invitee; the 三员
        matrix.check(client, in_scope=people.staff, out_of_scope=people.sys_admin)
        matrix.check(client, in_scope=people.principal, out_of_scope=people.audit_admin)


def test_the_qr_code_is_for_those_who_run_the_meeting(client, people, secret_meeting):
    url = f"/meetings/{secret_meeting.pk}/sign-in.svg"
    Matrix(url).check(client, in_scope=people.dept_head, out_of_scope=people.staff)
    Matrix(url).check(client, in_scope=people.dept_head, out_of_scope=people.sec_admin)


def test_posts_by_outsiders_are_404_and_change_nothing(client, people, other_agency_person):
    meeting = approved(people)
    base = f"/meetings/{meeting.pk}/"
    invitee = meeting.invitees.first()
    for outsider in [other_agency_person, people.sys_admin, people.sec_admin]:
        client.force_login(outsider)
        for act in ["answer", "cancel", "seating", "minutes", "resolution", "decide", "remind"]:
            assert client.post(f"{base}acts/{act}/", {"reason": "x"}).status_code == 404
        assert client.post(f"{base}sign-in/{invitee.pk}/").status_code == 404
        response = client.post(
            f"/api/v1/meetings/{meeting.pk}/receipt",
            {"answer": "attend"},
            content_type="application/json",
        )
        assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == "approved"
    assert not meeting.invitees.exclude(answer="pending").exists()


def test_an_invitee_cannot_run_the_meeting(client, people):
    meeting = approved(people)
    client.force_login(people.staff)
    base = f"/meetings/{meeting.pk}/"
    assert client.post(f"{base}acts/cancel/", {"reason": "不想开"}).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).status == "approved"


def test_lists_show_only_what_one_may_see(client, people, secret_meeting, low, energy_head):
    expected = {
        people.dept_head: {secret_meeting.pk},
        people.deputy: {secret_meeting.pk},
        people.principal: {secret_meeting.pk},
        people.staff: {secret_meeting.pk},
        low: set(),
        energy_head: set(),
        people.sys_admin: set(),
    }
    for person, visible in expected.items():
        client.force_login(person)
        page = client.get("/meetings/")
        assert page.status_code == 200
        assert {m.pk for m in page.context["rows"]} == visible, person.username
        api = client.get("/api/v1/meetings").json()
        assert {m["id"] for m in api["items"]} == visible


def test_module_screens_need_a_login(client, people):
    room(people)
    for url in ["/meetings/", "/meetings/rooms/", "/meetings/plans/", "/meetings/new/"]:
        Matrix(url).check(client, in_scope=people.staff)
    for url in ["/meetings/rooms/", "/meetings/plans/"]:  # the list is empty for the 三员
        Matrix(url).check(client, in_scope=people.staff, out_of_scope=people.sys_admin)
    Matrix("/api/v1/meetings", api=True).check(client, in_scope=people.staff)
    Matrix("/api/v1/meeting-rooms", api=True).check(client, in_scope=people.staff)


def test_the_list_reads_a_constant_number_of_queries(client, people, django_assert_max_num_queries):
    for n in range(8):
        approved(people, title=f"第{n}次调度会", starts_at=None or _slot(n), ends_at=_slot(n, 1))
    client.force_login(people.principal)
    client.get("/meetings/")
    with django_assert_max_num_queries(20):
        assert client.get("/meetings/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/meetings").status_code == 200


def _slot(n, hours=0):
    from govoa.testing.meetings import at

    return at(24 * (n // 3) + 3 * (n % 3) + hours - 6)


def test_plan_pages_and_the_sign_in_page(client, people, other_agency_person):
    from govoa.meetings.services.plans import PlanData, plan_create
    from govoa.meetings.signin import sign_in_path
    from govoa.testing.clock import FROZEN_TODAY

    plan = plan_create(
        actor=people.dept_head,
        data=PlanData(FROZEN_TODAY.year, "调度会", "调度", FROZEN_TODAY, FROZEN_TODAY, "处室", 5),
    )
    url = f"/meetings/plans/{plan.pk}/"
    Matrix(url).check(client, in_scope=people.staff, out_of_scope=other_agency_person)
    Matrix(url).check(client, in_scope=people.principal, out_of_scope=people.audit_admin)
    submit = Matrix(f"{url}acts/submit/", method="post", in_scope_status=302)
    submit.check(client, in_scope=people.dept_head, out_of_scope=other_agency_person)
    meeting = approved(people)
    # The sign-in page is for whoever opens the link, once logged in; signing is checked then.
    Matrix(sign_in_path(meeting)).check(client, in_scope=people.staff)


def test_api_acts_of_a_meeting(client, people, other_agency_person):
    meeting = approved(people)
    receipt = Matrix(
        f"/api/v1/meetings/{meeting.pk}/receipt",
        method="post",
        data={"answer": "attend"},
        api=True,
    )
    receipt.check(client, in_scope=people.staff, out_of_scope=other_agency_person)
    receipt.check(client, in_scope=people.registrar, out_of_scope=people.sys_admin)
    invitee = meeting.invitees.get(person=people.staff)
    # Before the sign-in window opens: in scope gets the state's 409, outsiders 404.
    manual = Matrix(
        f"/api/v1/meetings/{meeting.pk}/invitees/{invitee.pk}/sign-in",
        method="post",
        api=True,
        in_scope_status=409,
    )
    manual.check(client, in_scope=people.dept_head, out_of_scope=other_agency_person)
    manual.check(client, in_scope=people.dept_head, out_of_scope=people.sec_admin)
    submit = Matrix(
        f"/api/v1/meetings/{meeting.pk}/submit", method="post", api=True, in_scope_status=409
    )
    submit.check(client, in_scope=people.dept_head, out_of_scope=other_agency_person)
    Matrix(
        "/api/v1/meeting-sign-ins",
        method="post",
        data={"token": "x"},
        api=True,
        in_scope_status=404,
    ).check(client, in_scope=people.staff)
