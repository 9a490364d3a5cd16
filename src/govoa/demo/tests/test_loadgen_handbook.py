"""``govoa loadgen`` grows 制度与学习 and 设备与存储介质 (issue 18): the rows agree with each other
and with what the services would have written, and the main pages open on them for the
people in them — a member sees their own record and devices, the office head the register."""

import pytest
from django.test import Client

from govoa.demo.loadgen.agency import AGENCY_NAME
from govoa.demo.loadgen.generate import generate
from govoa.demo.loadgen.scales import SCALES
from govoa.equipment.models import Device, DeviceAssignment
from govoa.handbook.models import Post, Rule, StudyEntry, TrainingAttendance
from govoa.org.models import Agency, Person

TINY = SCALES["tiny"]


@pytest.fixture
def generated(db):
    return generate(TINY, progress=lambda line: None)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(Person.objects.get(username=username))
    return client


def test_rules_posts_and_learning_records(generated):
    agency = Agency.objects.get(name=AGENCY_NAME)
    rules = Rule.objects.filter(agency=agency).select_related("current")
    assert rules.count() == 5
    for rule in rules:
        assert rule.status == "current"
        assert rule.current.status == "published"
        assert rule.versions.count() == TINY.years
        assert rule.versions.exclude(pk=rule.current_id).filter(status="published").count() == 0
    for post in Post.objects.filter(agency=agency).select_related("current"):
        assert post.current.number == TINY.years
        assert post.current.approved_by_id is not None
    entries = StudyEntry.objects.filter(agency=agency)
    assert generated.rows["handbook.StudyEntry"] == entries.count() > 0
    for entry in entries.select_related("person")[:200]:
        assert entry.department_id == entry.person.department_id
    attended = TrainingAttendance.objects.filter(session__agency=agency)
    assert generated.rows["handbook.TrainingAttendance"] == attended.count() > 0
    member = generated.usernames["科员"]
    page = _client(member).get("/handbook/learning/")
    assert page.status_code == 200
    shown = page.context["entries"]
    assert shown
    assert all(e.person.username == member for e in shown)
    assert _client(generated.usernames["处室负责人"]).get("/api/v1/study-entries").json()["items"]


def test_devices_and_their_checks(generated):
    agency = Agency.objects.get(name=AGENCY_NAME)
    devices = Device.objects.filter(agency=agency).select_related("holder")
    assert generated.rows["equipment.Device"] == devices.count() > 0
    for device in devices:
        # 专人专用 with clearance, as the services require.
        assert device.holder.clearance >= device.classification
        assert device.is_classified == (device.classification >= 2)
    assigned = DeviceAssignment.objects.filter(device__agency=agency)
    assert assigned.count() == devices.count()
    assert all(a.to_holder_id == a.device.holder_id for a in assigned.select_related("device"))
    member = generated.usernames["科员"]
    mine = _client(member).get("/equipment/")
    assert mine.status_code == 200
    assert {d.holder.username for d in mine.context["devices"]} == {member}
    register = _client(generated.usernames["办公室主任"]).get("/equipment/")
    assert len(register.context["devices"]) > len(mine.context["devices"])
    api = _client(member).get("/api/v1/equipment").json()
    assert api["items"]
