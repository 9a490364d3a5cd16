"""Who sees a task, for every screen and endpoint: anonymous → login/401; outside the scope
(another agency, a colleague with no part in it, the 三员) → 404; insufficient clearance →
404; the owner, the assigner, the supervising leader and the owner's department head → 200."""

import io

import pytest
from openpyxl import load_workbook

from govoa.core.vocabulary import Classification, Role
from govoa.supervision.models import SupervisionTask
from govoa.testing.factories import grant, make_person
from govoa.testing.permissions import Matrix
from govoa.testing.supervision import assign


@pytest.fixture
def task(people):
    """A 内部 task: the deputy assigns it to 规划科员, supervised by the principal."""
    return assign(
        people,
        owner_id=people.staff.pk,
        classification=Classification.INTERNAL,
        title="关于内部事项的督办",
    )


@pytest.fixture
def secret_task(people):
    people.staff.clearance = Classification.SECRET
    people.staff.save()
    return assign(
        people,
        owner_id=people.dept_head.pk,
        classification=Classification.SECRET,
        title="关于秘密事项的督办",
    )


@pytest.fixture
def low(people):
    """Heads 规划处 (in scope) but is cleared only 内部."""
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


def _screens(task):
    base = f"/supervision/{task.pk}/"
    return [base, f"{base}confirmation.pdf", f"{base}gantt.svg"]


def test_task_screens_and_endpoints(
    client, people, secret_task, low, energy_head, other_agency_person
):
    api = f"/api/v1/supervision-tasks/{secret_task.pk}"
    for url, is_api in [*((u, False) for u in _screens(secret_task)), (api, True)]:
        matrix = Matrix(url, api=is_api)
        # the owner; 能源处长 has no part in it; 规划处's under-cleared head
        matrix.check(client, in_scope=people.dept_head, out_of_scope=energy_head, low_clearance=low)
        # the assigner; another agency
        matrix.check(client, in_scope=people.deputy, out_of_scope=other_agency_person)
        # the supervising leader; one of the 三员
        matrix.check(client, in_scope=people.principal, out_of_scope=people.sys_admin)
        matrix.check(client, in_scope=people.principal, out_of_scope=people.audit_admin)


def test_the_owners_department_head_sees_it(client, people, task, energy_head):
    for url in _screens(task):
        Matrix(url).check(client, in_scope=people.dept_head, out_of_scope=energy_head)
        Matrix(url).check(client, in_scope=people.staff, out_of_scope=people.registrar)


def test_posts_by_outsiders_are_404_and_change_nothing(client, people, task, other_agency_person):
    base = f"/supervision/{task.pk}/"
    for outsider in [other_agency_person, people.registrar, people.sec_admin]:
        client.force_login(outsider)
        for act in ["confirm", "report", "step", "extension", "final", "accept"]:
            assert client.post(f"{base}acts/{act}/", {"progress": "x"}).status_code == 404
    assert task.reports.count() == 0
    assert task.steps.count() == 0


def test_ledger_lists_and_exports_only_what_one_may_see(
    client, people, task, secret_task, low, energy_head
):
    expected = {
        people.deputy: {task.pk, secret_task.pk},
        people.principal: {task.pk, secret_task.pk},
        people.dept_head: {task.pk, secret_task.pk},
        low: {task.pk},
        people.staff: {task.pk},
        energy_head: set(),
        people.registrar: set(),
        people.sys_admin: set(),
    }
    for person, visible in expected.items():
        client.force_login(person)
        page = client.get("/supervision/")
        assert page.status_code == 200
        assert {t.pk for t, _glance in page.context["rows"]} == visible, person.username
        api = client.get("/api/v1/supervision-tasks").json()
        assert {t["id"] for t in api["items"]} == visible
        book = load_workbook(io.BytesIO(client.get("/supervision/ledger.xlsx").content))
        ids = {row[0] for row in book.active.iter_rows(min_row=2, values_only=True)}
        assert ids == visible


def test_ledger_screens_need_a_login(client, people):
    for url in [
        "/supervision/",
        "/supervision/quadrants/",
        "/supervision/calendar/",
        "/supervision/experience/",
    ]:
        Matrix(url).check(client, in_scope=people.staff)
    Matrix("/api/v1/supervision-tasks", api=True).check(client, in_scope=people.staff)


def test_only_those_who_assign_open_the_form(client, people):
    client.force_login(people.staff)
    assert client.get("/supervision/new/").status_code == 403
    client.force_login(people.dept_head)
    assert client.get("/supervision/new/").status_code == 200


def test_bulletin_is_for_the_department_head_its_leader_and_the_office(
    client, people, task, energy_head
):
    url = f"/supervision/bulletin/{people.planning.pk}.pdf"
    Matrix(url).check(client, in_scope=people.dept_head, out_of_scope=energy_head)
    Matrix(url).check(client, in_scope=people.deputy, out_of_scope=people.staff)
    Matrix(url).check(client, in_scope=people.principal, out_of_scope=people.sys_admin)
    assert SupervisionTask.objects.count() == 1


def test_deliverables_endpoints(client, people, secret_task, low, energy_head, other_agency_person):
    from govoa.supervision.services.deliverables import task_deliverables_add
    from govoa.supervision.services.tasks import task_confirm, task_sign
    from govoa.testing.incoming import PDF

    task_confirm(actor=people.dept_head, task=secret_task)
    task_sign(actor=people.deputy, task=secret_task)
    [attachment] = task_deliverables_add(
        actor=people.dept_head, task=secret_task, uploads=[("清单.pdf", io.BytesIO(PDF))]
    )
    base = f"/api/v1/supervision-tasks/{secret_task.pk}/deliverables"
    for url in [base, f"{base}/{attachment.pk}"]:
        matrix = Matrix(url, api=True)
        matrix.check(client, in_scope=people.dept_head, out_of_scope=energy_head, low_clearance=low)
        matrix.check(client, in_scope=people.deputy, out_of_scope=other_agency_person)
        matrix.check(client, in_scope=people.principal, out_of_scope=people.sys_admin)
    # Uploading: outsiders and the under-cleared get 404; those who see it but do not own it
    # are refused (403, audited); nothing is stored either way.
    for person, status in [
        (other_agency_person, 404),
        (energy_head, 404),
        (low, 404),
        (people.audit_admin, 404),
        (people.deputy, 403),
    ]:
        client.force_login(person)
        upload = io.BytesIO(PDF)
        upload.name = "越权.pdf"
        assert client.post(base, {"files": [upload]}).status_code == status, person.username
    assert secret_task.attachments.count() == 1
