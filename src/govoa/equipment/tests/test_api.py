"""``/api/v1/equipment`` over HTTP: the permission matrix, the clearance refusal of a 涉密
U盘, the refused loan, and 报废 refused without a data wipe then approved with one."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govoa.audit.models import AuditEvent
from govoa.equipment.models import Device, DisposalRequest
from govoa.flow.models import WorkItem
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.equipment import equipment_keeper, make_device
from govoa.testing.permissions import Matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper(people):
    return equipment_keeper(people)


def _json(client, url, body):
    return client.post(url, body, content_type="application/json")


def _drive(people, **extra):
    return {
        "kind": "usb_drive",
        "asset_number": "U-001",
        "model_name": "金士顿 32G",
        "is_classified": True,
        "classification": 2,
        "holder_id": people.staff.pk,
        **extra,
    }


def test_permission_matrix(client, people, keeper, other_agency_person):
    device = make_device(keeper, people.staff)
    for url in ["/api/v1/equipment", f"/api/v1/equipment/{device.pk}"]:
        Matrix(url, api=True).check(client, in_scope=people.staff)
    Matrix(f"/api/v1/equipment/{device.pk}", api=True).check(
        client, in_scope=keeper, out_of_scope=other_agency_person
    )
    Matrix(f"/api/v1/equipment/{device.pk}", api=True).check(
        client, in_scope=people.principal, out_of_scope=people.dept_head
    )
    check = {
        "checked_on": FROZEN_TODAY.isoformat(),
        "virus_scanned": True,
        "password_set": True,
        "antivirus_updated": False,
    }
    Matrix(
        f"/api/v1/equipment/{device.pk}/checks",
        method="post",
        data=check,
        api=True,
        in_scope_status=201,
    ).check(client, in_scope=keeper, out_of_scope=other_agency_person)
    for tail, body in [
        ("assign", {"holder_id": people.dept_head.pk}),
        ("wipes", {"method": "overwrite", "wiped_on": FROZEN_TODAY.isoformat(), "witness_id": 1}),
        ("disposals", {"kind": "repair", "reason": "故障"}),
        ("return", {}),
    ]:
        url = f"/api/v1/equipment/{device.pk}/{tail}"
        Matrix(
            url, method="post", data=body, api=True, out_of_scope_status=404, in_scope_status=403
        ).check(client, in_scope=people.staff, out_of_scope=other_agency_person)
    client.force_login(people.audit_admin)
    assert client.get("/api/v1/equipment").json()["items"] == []


def test_a_classified_usb_drive_needs_a_cleared_holder(client, people, keeper):
    client.force_login(keeper)
    refused = _json(client, "/api/v1/equipment", _drive(people))
    assert refused.status_code == 422
    message = refused.json()["error"]["fields"]["holder_id"][0]
    assert "规划科员的涉密等级为“内部”，低于该设备的密级“秘密”" in message
    assert not Device.objects.exists()
    created = _json(client, "/api/v1/equipment", _drive(people, holder_id=people.registrar.pk))
    assert created.status_code == 201, created.content
    assert created.json()["holder"] == "收发员"
    duplicate = _json(client, "/api/v1/equipment", _drive(people, holder_id=people.registrar.pk))
    assert duplicate.status_code == 422
    device = created.json()["id"]
    moved = _json(client, f"/api/v1/equipment/{device}/assign", {"holder_id": people.staff.pk})
    assert moved.status_code == 422
    assert Device.objects.get(pk=device).holder == people.registrar


def test_a_loan_is_refused(client, people, keeper):
    device = make_device(keeper, people.staff)
    client.force_login(people.staff)
    refused = _json(
        client, f"/api/v1/equipment/{device.pk}/lend", {"borrower_id": people.dept_head.pk}
    )
    assert refused.status_code == 409
    assert "不得外借" in refused.json()["error"]["message"]
    assert AuditEvent.objects.filter(action="equipment.device.lend", outcome="denied").exists()


def test_scrapping_needs_a_data_wipe_then_an_approval(client, people, keeper, frozen_clock):
    device = make_device(keeper, people.staff)
    client.force_login(keeper)
    url = f"/api/v1/equipment/{device.pk}"
    refused = _json(client, f"{url}/disposals", {"kind": "scrap", "reason": "使用年限已满"})
    assert refused.status_code == 409
    assert "报废前须先登记数据清除记录" in refused.json()["error"]["message"]
    assert not DisposalRequest.objects.exists()
    wipe = {"method": "degauss", "wiped_on": FROZEN_TODAY.isoformat(), "witness_id": keeper.pk}
    assert _json(client, f"{url}/wipes", wipe).status_code == 422  # not one's own witness
    wipe["witness_id"] = people.registrar.pk
    assert _json(client, f"{url}/wipes", wipe).status_code == 201
    asked = _json(client, f"{url}/disposals", {"kind": "scrap", "reason": "使用年限已满"})
    assert asked.status_code == 201
    item = WorkItem.objects.get(instance__subject_type="equipment.disposalrequest")
    client.force_login(people.principal)
    done = _json(
        client, f"/api/v1/work-items/{item.pk}/act", {"action": "approve", "opinion": "同意"}
    )
    assert done.status_code == 200, done.content
    assert client.get(url).json()["status"] == "scrapped"


def test_the_list_pages_by_keyset_at_constant_cost(client, people, keeper):
    for n in range(3):
        make_device(keeper, people.staff, asset_number=f"ZC-{n}")
    client.force_login(keeper)
    client.get("/api/v1/equipment?limit=2")  # the session's first request
    with CaptureQueriesContext(connection) as few:
        first = client.get("/api/v1/equipment?limit=2").json()
    assert len(first["items"]) == 2
    assert first["next_after"]
    for n in range(3, 20):
        make_device(keeper, people.staff, asset_number=f"ZC-{n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/equipment?limit=2")
    assert len(many) == len(few)
    rest = client.get(f"/api/v1/equipment?limit=2&after={first['next_after']}").json()
    assert rest["items"][0]["id"] < first["items"][-1]["id"]


def test_load_more_follows_the_register_order_and_refuses_an_unknown_key(client, people, keeper):
    """Pages by ``(created_at, id)``: a device registered later comes first even with a lower
    id, the pages neither repeat nor skip a device, and an unknown ``after`` gives nothing."""
    devices = [make_device(keeper, people.staff, asset_number=f"XH-{n}") for n in range(5)]
    Device.objects.filter(pk=devices[0].pk).update(  # registered last, lowest id
        created_at=devices[-1].created_at + datetime.timedelta(minutes=5)
    )
    client.force_login(keeper)
    seen, after = [], ""
    for _ in range(5):
        page = client.get(f"/api/v1/equipment?limit=2{after}").json()
        seen += [item["id"] for item in page["items"]]
        if not page["next_after"]:
            break
        after = f"&after={page['next_after']}"
    newest_first = [devices[0].pk] + [d.pk for d in reversed(devices[1:])]
    assert seen == newest_first
    missing = Device.objects.order_by("-pk").first().pk + 1000
    assert client.get(f"/api/v1/equipment?after={missing}").json()["items"] == []
