"""The equipment screens: permission matrix, a 涉密 U盘 refused to an under-cleared person
through the form, the check, wipe and 报废 forms, the overdue filter, the list's cost."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govoa.equipment.models import Device, DisposalRequest
from govoa.flow.models import WorkItem
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.equipment import equipment_keeper, make_device
from govoa.testing.permissions import Matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper(people):
    return equipment_keeper(people)


def test_permission_matrix(client, people, keeper, other_agency_person):
    device = make_device(keeper, people.staff)
    Matrix(f"/equipment/{device.pk}/").check(
        client, in_scope=people.staff, out_of_scope=other_agency_person
    )
    Matrix(f"/equipment/{device.pk}/").check(client, in_scope=keeper, out_of_scope=people.dept_head)
    Matrix("/equipment/").check(client, in_scope=people.staff)
    Matrix("/equipment/new/", out_of_scope_status=403).check(
        client, in_scope=keeper, out_of_scope=people.staff
    )
    for tail in ["assign", "checks", "wipes", "disposals"]:
        Matrix(f"/equipment/{device.pk}/{tail}/", method="post", in_scope_status=400).check(
            client, in_scope=keeper, out_of_scope=other_agency_person
        )
    Matrix(f"/equipment/{device.pk}/return/", method="post", in_scope_status=403).check(
        client, in_scope=people.staff, out_of_scope=other_agency_person
    )
    client.force_login(people.sec_admin)
    assert client.get("/equipment/").status_code == 403
    client.force_login(people.staff)
    assert "设备与存储介质" in client.get("/").content.decode()


def test_the_form_refuses_a_classified_drive_to_an_under_cleared_person(client, people, keeper):
    client.force_login(keeper)
    form = {
        "kind": "usb_drive",
        "asset_number": "U-007",
        "model_name": "朗科 64G",
        "is_classified": "on",
        "classification": "2",
        "holder": people.staff.pk,
    }
    refused = client.post("/equipment/new/", form)
    assert refused.status_code == 422
    assert "低于该设备的密级“秘密”，不能配发给其使用" in refused.content.decode()
    assert not Device.objects.exists()
    created = client.post("/equipment/new/", {**form, "holder": people.registrar.pk})
    assert created.status_code == 302
    assert Device.objects.get(asset_number="U-007").holder == people.registrar


def test_check_wipe_and_scrap_through_the_forms(client, people, keeper, frozen_clock):
    device = make_device(keeper, people.staff)
    client.force_login(keeper)
    base = f"/equipment/{device.pk}"
    day = FROZEN_TODAY.isoformat()
    checked = client.post(
        f"{base}/checks/", {"checked_on": day, "virus_scanned": "on", "password_set": "on"}
    )
    assert checked.status_code == 302
    refused = client.post(f"{base}/disposals/", {"kind": "scrap", "reason": "老化"})
    assert refused.status_code == 409
    assert "报废前须先登记数据清除记录" in refused.content.decode()
    assert not DisposalRequest.objects.exists()
    wiped = client.post(
        f"{base}/wipes/", {"method": "destroy", "wiped_on": day, "witness": people.registrar.pk}
    )
    assert wiped.status_code == 302
    assert client.post(f"{base}/disposals/", {"kind": "scrap", "reason": "老化"}).status_code == 302
    item = WorkItem.objects.get(instance__module="equipment")
    client.force_login(people.principal)
    client.post(f"/flow/items/{item.pk}/act/", {"action": "approve", "opinion": "同意"})
    device.refresh_from_db()
    assert device.status == "scrapped"
    page = client.get(f"{base}/").content.decode()
    assert "物理销毁" in page
    assert "已报废" in page
    assert keeper.real_name in page


def test_the_overdue_filter_and_the_list_cost(client, people, keeper, frozen_clock):
    due = make_device(keeper, people.staff, asset_number="ZC-DUE")
    Device.objects.filter(pk=due.pk).update(check_due_on=FROZEN_TODAY - datetime.timedelta(days=1))
    make_device(keeper, people.staff, asset_number="ZC-OK")
    client.force_login(keeper)
    overdue = client.get("/equipment/?overdue=1").content.decode()
    assert "ZC-DUE" in overdue
    assert "ZC-OK" not in overdue
    client.get("/equipment/")
    with CaptureQueriesContext(connection) as few:
        client.get("/equipment/")
    for n in range(30):
        make_device(keeper, people.staff, asset_number=f"ZC-{n:03d}")
    with CaptureQueriesContext(connection) as many:
        client.get("/equipment/")
    assert len(many) == len(few)
