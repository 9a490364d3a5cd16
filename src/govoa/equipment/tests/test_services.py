"""The register's rules: 专人专用 with clearance, the marking of 涉密 equipment, loans
refused, checks and their due date, 送修/报废 only on a recorded data wipe and an approval
by someone other than the applicant."""

import datetime

import pytest
from django.utils import timezone

from govoa.audit.models import AuditEvent
from govoa.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from govoa.core.vocabulary import Classification
from govoa.equipment.models import Device, DeviceAssignment, DisposalRequest
from govoa.equipment.services.care import (
    CheckData,
    device_check_record,
    device_return,
    disposal_request,
)
from govoa.equipment.services.register import device_assign, device_lend
from govoa.equipment.workflow import CHECK_INTERVAL
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.testing.equipment import equipment_keeper, make_device, wipe

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper(people):
    return equipment_keeper(people)


def test_a_classified_usb_drive_is_not_assigned_to_a_person_without_the_clearance(
    people, keeper, frozen_clock
):
    assert people.staff.clearance == Classification.INTERNAL
    with pytest.raises(ValidationFailed) as refused:
        make_device(keeper, people.staff, kind="usb_drive", is_classified=True)
    assert "低于该设备的密级“秘密”" in refused.value.fields["holder_id"][0]
    assert not Device.objects.exists()
    drive = make_device(keeper, people.registrar, kind="usb_drive", is_classified=True)
    assert drive.holder == people.registrar
    top = make_device(
        keeper,
        people.principal,
        kind="portable_disk",
        is_classified=True,
        classification=Classification.TOP_SECRET,
    )
    with pytest.raises(ValidationFailed):
        device_assign(actor=keeper, device_id=top.pk, holder_id=people.deputy.pk)
    top.refresh_from_db()
    assert top.holder == people.principal
    assert DeviceAssignment.objects.filter(device=top).count() == 1


def test_the_marking_must_match_the_level(people, keeper):
    with pytest.raises(ValidationFailed) as refused:
        make_device(keeper, people.principal, is_classified=True, classification=1)
    assert "秘密、机密或绝密" in refused.value.fields["classification"][0]
    with pytest.raises(ValidationFailed):
        make_device(keeper, people.principal, is_classified=False, classification=2)


def test_only_the_office_head_keeps_the_register(people, keeper):
    with pytest.raises(PermissionDenied):
        make_device(people.staff, people.staff)
    denied = AuditEvent.objects.filter(action="equipment.device.register", outcome="denied")
    assert denied.count() == 1


def test_a_loan_is_refused_and_audited(people, keeper):
    device = make_device(keeper, people.staff)
    with pytest.raises(TransitionNotAllowed) as refused:
        device_lend(actor=people.staff, device=device, borrower_id=people.dept_head.pk)
    assert "专人专用，不得外借" in refused.value.message
    device.refresh_from_db()
    assert device.holder == people.staff
    assert AuditEvent.objects.filter(action="equipment.device.lend", outcome="denied").exists()


def test_a_reassignment_is_recorded_and_idempotent(people, keeper):
    device = make_device(keeper, people.staff)
    device_assign(actor=keeper, device_id=device.pk, holder_id=people.dept_head.pk)
    device_assign(actor=keeper, device_id=device.pk, holder_id=people.dept_head.pk)
    assert list(device.assignments.values_list("to_holder", flat=True).order_by("pk")) == [
        people.staff.pk,
        people.dept_head.pk,
    ]


def test_a_check_moves_the_due_date(people, keeper, frozen_clock):
    today = timezone.localdate()
    device = make_device(keeper, people.staff)
    assert device.check_due_on == today + CHECK_INTERVAL
    earlier = today - datetime.timedelta(days=3)
    data = CheckData(
        checked_on=earlier, virus_scanned=True, password_set=True, antivirus_updated=True
    )
    check = device_check_record(actor=keeper, device_id=device.pk, data=data)
    device.refresh_from_db()
    assert check.checked_by == keeper
    assert check.passed
    assert device.check_due_on == earlier + CHECK_INTERVAL
    tomorrow = CheckData(
        checked_on=today + datetime.timedelta(days=1),
        virus_scanned=True,
        password_set=True,
        antivirus_updated=True,
    )
    with pytest.raises(ValidationFailed):
        device_check_record(actor=keeper, device_id=device.pk, data=tomorrow)


def test_scrapping_without_a_data_wipe_is_refused(people, keeper, frozen_clock):
    device = make_device(keeper, people.staff)
    with pytest.raises(TransitionNotAllowed) as refused:
        disposal_request(actor=keeper, device_id=device.pk, kind="scrap", reason="老化")
    assert "须先登记数据清除记录" in refused.value.message
    assert not DisposalRequest.objects.exists()
    assert not WorkItem.objects.filter(instance__module="equipment").exists()


def _approve(request, person):
    item = WorkItem.objects.get(
        instance__subject_type="equipment.disposalrequest", instance__subject_id=request.pk
    )
    assert item.assignee == person
    work_item_act(actor=person, item_id=item.pk, action="approve", opinion="同意")


def test_repair_then_scrap_each_on_its_own_wipe_and_approval(people, keeper, frozen_clock):
    device = make_device(keeper, people.staff)
    wipe(keeper, device, people.registrar)
    repair = disposal_request(actor=keeper, device_id=device.pk, kind="repair", reason="硬盘故障")
    with pytest.raises(TransitionNotAllowed):  # one request at a time
        disposal_request(actor=keeper, device_id=device.pk, kind="scrap", reason="老化")
    _approve(repair, people.principal)
    device.refresh_from_db()
    assert device.status == "repairing"
    device_return(actor=keeper, device_id=device.pk)
    device.refresh_from_db()
    assert device.status == "in_use"
    with pytest.raises(TransitionNotAllowed):  # the wipe was used by the repair
        disposal_request(actor=keeper, device_id=device.pk, kind="scrap", reason="老化")
    wipe(keeper, device, people.registrar)
    scrap = disposal_request(actor=keeper, device_id=device.pk, kind="scrap", reason="老化")
    _approve(scrap, people.principal)
    device.refresh_from_db()
    scrap.refresh_from_db()
    assert device.status == "scrapped"
    assert scrap.approved_by == people.principal
    with pytest.raises(TransitionNotAllowed):
        device_assign(actor=keeper, device_id=device.pk, holder_id=people.dept_head.pk)


def test_the_applicant_never_approves_their_own_request(people, keeper, frozen_clock):
    """The template's separation of duties: an office head who is also the only principal
    leader asks; the engine finds nobody else to approve, refuses, and nothing changes."""
    from govoa.core.vocabulary import Role
    from govoa.testing.factories import grant

    grant(people.principal, Role.OFFICE_HEAD)
    device = make_device(people.principal, people.staff)
    wipe(people.principal, device, people.registrar)
    with pytest.raises(ValidationFailed) as refused:
        disposal_request(actor=people.principal, device_id=device.pk, kind="scrap", reason="老化")
    assert "职责分离" in refused.value.message
    assert not DisposalRequest.objects.exists()
    device.refresh_from_db()
    assert device.status == "in_use"


def test_overdue_checks_remind_the_office_heads_once_a_day(people, keeper, frozen_clock):
    from govoa.equipment.services.reminders import remind_overdue_checks
    from govoa.notify.models import Notification

    today = timezone.localdate()
    late = make_device(keeper, people.staff, asset_number="ZC-LATE")
    make_device(keeper, people.staff, asset_number="ZC-FINE")
    Device.objects.filter(pk=late.pk).update(check_due_on=today - datetime.timedelta(days=2))
    assert remind_overdue_checks() == 1
    note = Notification.objects.get(kind="equipment.check.overdue")
    assert note.recipient == keeper
    assert note.title.startswith("1 台设备")
    assert remind_overdue_checks() == 0  # once a day
    frozen_clock.shift(datetime.timedelta(days=1))
    assert remind_overdue_checks() == 1
