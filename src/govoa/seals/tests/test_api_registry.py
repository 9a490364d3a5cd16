"""The registry kept over ``/api/v1/seals``: 登记 with the impression (multipart, the
upload checks), 交接 and 停用/封存/销毁 — the permission matrix and the paths over HTTP."""

import io

import pytest

from govoa.audit.models import AuditEvent, Outcome
from govoa.flow.models import WorkItem
from govoa.seals.models import Seal
from govoa.seals.workflow import SealStatus
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.pdfs import pdf_of
from govoa.testing.permissions import Matrix
from govoa.testing.seals import PNG, seals_cast, seals_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people):
    return seals_cast(people)


@pytest.fixture
def ledger(people, cast):
    return seals_ledger(people, cast)


def _json(client, url, body):
    return client.post(url, body, content_type="application/json")


def _form(people, **extra):
    return {
        "name": "规划处印章",
        "seal_type": "department",
        "department_id": people.planning.pk,
        "custodian_id": people.staff.pk,
        "made_on": FROZEN_TODAY.isoformat(),
        "made_approval": "测发改〔2026〕3号",
        **extra,
    }


def _file(content, name):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def test_permission_matrix(client, people, cast, ledger, other_agency_person):
    seal = ledger.seal_ids[0]
    for url in [f"/api/v1/seals/{seal}/transfers", f"/api/v1/seals/{seal}/status-changes"]:
        Matrix(url, api=True).check(client, in_scope=people.staff, out_of_scope=other_agency_person)
    transfer = Matrix(
        f"/api/v1/seals/{seal}/transfers",
        method="post",
        data={"to_custodian_id": people.registrar.pk},
        api=True,
        in_scope_status=201,
    )
    transfer.check(client, in_scope=cast.office_head, out_of_scope=other_agency_person)
    change = Matrix(
        f"/api/v1/seals/{ledger.seal_ids[1]}/status-changes",
        method="post",
        data={"kind": "seal_up", "reason": "长期不用"},
        api=True,
        in_scope_status=201,
    )
    change.check(client, in_scope=cast.office_head, out_of_scope=other_agency_person)
    # Staff see the registry but do not keep it: refused (403) and audited.
    client.force_login(people.staff)
    for url, body in [
        (f"/api/v1/seals/{seal}/transfers", {"to_custodian_id": people.staff.pk}),
        (f"/api/v1/seals/{seal}/status-changes", {"kind": "suspend", "reason": "无"}),
    ]:
        assert _json(client, url, body).status_code == 403
    assert client.post("/api/v1/seals", _form(people)).status_code == 403
    assert (
        AuditEvent.objects.filter(outcome=Outcome.DENIED, actor_id=people.staff.pk)
        .filter(action__in=["seals.seal.transfer", "seals.change.request", "seals.seal.register"])
        .count()
        == 3
    )
    client.logout()
    assert client.post("/api/v1/seals", _form(people)).status_code == 401
    # The 三员 keep no seals and see none.
    client.force_login(people.sys_admin)
    assert client.get(f"/api/v1/seals/{seal}/transfers").status_code == 404


def test_register_with_the_impression_over_http(client, people, cast):
    client.force_login(cast.office_head)
    no_department = client.post("/api/v1/seals", _form(people, department_id=""))
    assert no_department.status_code == 422
    not_an_image = client.post(
        "/api/v1/seals", {**_form(people), "impression": _file(pdf_of(), "印模.pdf")}
    )
    assert not_an_image.status_code == 422
    assert "PNG 或 JPEG" in not_an_image.content.decode()
    disguised = client.post(
        "/api/v1/seals", {**_form(people), "impression": _file(b"MZ\x90\x00" * 10, "印模.png")}
    )
    assert disguised.status_code in (415, 422)
    admin = client.post("/api/v1/seals", _form(people, custodian_id=people.sys_admin.pk))
    assert admin.status_code == 422
    assert not Seal.objects.exists()
    created = client.post("/api/v1/seals", {**_form(people), "impression": _file(PNG, "印模.png")})
    assert created.status_code == 201
    body = created.json()
    assert (body["department"], body["custodian"], body["has_impression"]) == (
        "规划处",
        "规划科员",
        True,
    )
    assert client.get(f"/api/v1/seals/{body['id']}").json()["name"] == "规划处印章"


def test_transfer_and_suspension_over_http(client, people, cast, ledger):
    seal = ledger.seal_ids[0]
    client.force_login(cast.office_head)
    same = _json(client, f"/api/v1/seals/{seal}/transfers", {"to_custodian_id": cast.keeper.pk})
    assert same.status_code == 422
    moved = _json(
        client,
        f"/api/v1/seals/{seal}/transfers",
        {"to_custodian_id": people.registrar.pk, "note": "人事调整"},
    )
    assert moved.status_code == 201
    assert (moved.json()["from_custodian"], moved.json()["to_custodian"]) == (
        "印章管理员",
        "收发员",
    )
    assert client.get(f"/api/v1/seals/{seal}").json()["custodian"] == "收发员"
    assert [t["note"] for t in client.get(f"/api/v1/seals/{seal}/transfers").json()] == ["人事调整"]

    asked = _json(
        client, f"/api/v1/seals/{seal}/status-changes", {"kind": "suspend", "reason": "更换新章"}
    )
    assert asked.status_code == 201
    assert asked.json()["status"] == "reviewing"
    twice = _json(
        client, f"/api/v1/seals/{seal}/status-changes", {"kind": "destroy", "reason": "再申请"}
    )
    assert twice.status_code == 409
    item = WorkItem.objects.get(instance__subject_type="seals.sealstatuschange", status="open")
    client.force_login(item.assignee)
    assert (
        _json(client, f"/api/v1/work-items/{item.pk}/act", {"action": "approve"}).status_code == 200
    )
    assert Seal.objects.get(pk=seal).status == SealStatus.SUSPENDED
    client.force_login(cast.office_head)
    [change] = client.get(f"/api/v1/seals/{seal}/status-changes").json()
    assert (change["status"], change["approved_by"]) == ("approved", "主任")
