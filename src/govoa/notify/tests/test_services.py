import pytest
from django.core import mail
from django.db import transaction

from govoa.core.errors import NotFound
from govoa.core.vocabulary import Classification
from govoa.notify.models import Channel, Delivery, DeliveryStatus, Notification
from govoa.notify.selectors import notification_list, unread_count
from govoa.notify.services import notification_mark_all_read, notification_mark_read, notify
from govoa.org.models import PersonStatus
from govoa.testing.factories import PersonFactory


def _send(recipients, **kwargs):
    fields = {"kind": "flow.item.assigned", "title": "待办：关于测试的请示", **kwargs}
    return notify(recipients=recipients, **fields)


def test_one_inapp_message_per_distinct_recipient(people):
    created = _send(
        [people.staff, people.dept_head, people.staff],
        body="请于 2026-12-01 前办理",
        url="/flow/items/1/",
    )
    assert len(created) == 2
    rows = Notification.objects.order_by("recipient_id")
    assert [n.recipient for n in rows] == sorted(
        [people.staff, people.dept_head], key=lambda p: p.pk
    )
    for n in rows:
        assert n.agency_id == people.agency.pk
        assert n.kind == "flow.item.assigned"
        assert n.title == "待办：关于测试的请示"
        assert n.body == "请于 2026-12-01 前办理"
        assert n.url == "/flow/items/1/"
        assert n.read_at is None
    assert unread_count(person=people.staff) == 1


def test_agency_id_defaults_to_the_recipients_and_can_be_given(people, other_agency_person):
    _send([people.staff, other_agency_person])
    by_person = {n.recipient_id: n.agency_id for n in Notification.objects.all()}
    assert by_person == {
        people.staff.pk: people.agency.pk,
        other_agency_person.pk: other_agency_person.agency_id,
    }
    _send([people.dept_head], agency_id=12345)
    assert Notification.objects.get(recipient=people.dept_head).agency_id == 12345


def test_inactive_recipients_are_skipped(people):
    retired = PersonFactory(department=people.planning, status=PersonStatus.RETIRED)
    transferred = PersonFactory(department=people.planning, status=PersonStatus.TRANSFERRED)
    created = _send([retired, transferred, people.staff])
    assert [n.recipient for n in created] == [people.staff]
    assert not Notification.objects.filter(recipient__in=[retired, transferred]).exists()
    assert _send([retired]) == []


def test_no_recipients_creates_nothing(db):
    assert _send([]) == []
    assert not Notification.objects.exists()


def test_deliveries_only_where_the_person_has_the_address(people):
    people.staff.email = "staff@example.gov.cn"
    people.staff.phone = "13800000001"
    people.staff.save()
    people.dept_head.email = ""
    people.dept_head.phone = "13800000002"
    people.dept_head.save()
    people.registrar.email = "registrar@example.gov.cn"
    people.registrar.phone = ""
    people.registrar.save()
    _send(
        [people.staff, people.dept_head, people.registrar],
        channels=("inapp", "email", "sms"),
    )
    rows = {
        (d.notification.recipient_id, d.channel): d
        for d in Delivery.objects.select_related("notification")
    }
    assert set(rows) == {
        (people.staff.pk, Channel.EMAIL),
        (people.staff.pk, Channel.SMS),
        (people.dept_head.pk, Channel.SMS),
        (people.registrar.pk, Channel.EMAIL),
    }
    assert rows[(people.staff.pk, Channel.EMAIL)].address == "staff@example.gov.cn"
    assert rows[(people.dept_head.pk, Channel.SMS)].address == "13800000002"
    assert all(d.status == DeliveryStatus.QUEUED and d.attempts == 0 for d in rows.values())


def test_inapp_only_creates_no_delivery(people):
    people.staff.email = "staff@example.gov.cn"
    people.staff.save()
    _send([people.staff], channels=("inapp",))
    assert Notification.objects.count() == 1
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    ("classification", "sent"),
    [
        (Classification.NONE, True),
        (Classification.INTERNAL, True),
        (Classification.SECRET, False),
        (Classification.TOP_SECRET, False),
    ],
)
def test_nothing_about_a_classified_matter_leaves_the_system(people, classification, sent):
    people.staff.email = "staff@example.gov.cn"
    people.staff.phone = "13800000001"
    people.staff.save()
    _send([people.staff], channels=("inapp", "email", "sms"), classification=classification)
    assert Notification.objects.filter(recipient=people.staff).count() == 1
    assert Delivery.objects.exists() == sent


def test_default_channels_are_inapp_and_email(people):
    people.staff.email = "staff@example.gov.cn"
    people.staff.phone = "13800000001"
    people.staff.save()
    _send([people.staff])
    assert list(Delivery.objects.values_list("channel", flat=True)) == [Channel.EMAIL]


def test_email_goes_out_only_after_commit(people, django_capture_on_commit_callbacks):
    people.staff.email = "staff@example.gov.cn"
    people.staff.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _send([people.staff])
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["staff@example.gov.cn"]
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_nothing_is_sent_for_a_rolled_back_act(people, django_capture_on_commit_callbacks):
    people.staff.email = "staff@example.gov.cn"
    people.staff.save()

    class ActFailed(Exception):
        pass

    def act():
        with transaction.atomic():
            _send([people.staff])
            raise ActFailed

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ActFailed):
        act()
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"channels": ("inapp", "fax")}, "unknown notification channels"),
        ({"kind": ""}, "kind is required"),
        ({"title": "  \n "}, "title is required"),
        ({"url": "https://evil.example/"}, "local path"),
        ({"url": "//evil.example/"}, "local path"),
    ],
)
def test_programming_errors_raise_value_error(people, kwargs, message):
    with pytest.raises(ValueError, match=message):
        _send([people.staff], **kwargs)
    assert not Notification.objects.exists()


def test_title_is_one_line_and_cut_to_the_field(people):
    _send([people.staff], title="第一行\n第二行\r\n" + "长" * 300)
    title = Notification.objects.get().title
    assert "\n" not in title
    assert title.startswith("第一行 第二行 ")
    assert len(title) == 200


def test_mark_read_is_idempotent(people):
    [n] = _send([people.staff])
    first = notification_mark_read(person=people.staff, notification_id=n.pk)
    assert first.read_at is not None
    again = notification_mark_read(person=people.staff, notification_id=n.pk)
    assert again.read_at == first.read_at
    assert unread_count(person=people.staff) == 0


def test_someone_elses_message_is_not_found_like_a_missing_one(people):
    [n] = _send([people.staff])
    with pytest.raises(NotFound) as other:
        notification_mark_read(person=people.dept_head, notification_id=n.pk)
    with pytest.raises(NotFound) as missing:
        notification_mark_read(person=people.dept_head, notification_id=n.pk + 1000)
    assert other.value.message == missing.value.message
    assert other.value.status == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read_counts_only_own_unread(people):
    _send([people.staff, people.dept_head])
    _send([people.staff])
    [already] = _send([people.staff])
    notification_mark_read(person=people.staff, notification_id=already.pk)
    assert notification_mark_all_read(person=people.staff) == 2
    assert notification_mark_all_read(person=people.staff) == 0
    assert unread_count(person=people.staff) == 0
    assert unread_count(person=people.dept_head) == 1


def test_list_is_own_newest_first_and_filters_unread(people):
    first = _send([people.staff], title="第一条")[0]
    _send([people.dept_head], title="别人的")
    second = _send([people.staff], title="第二条")[0]
    notification_mark_read(person=people.staff, notification_id=first.pk)
    assert [n.title for n in notification_list(person=people.staff)] == ["第二条", "第一条"]
    assert list(notification_list(person=people.staff, unread_only=True)) == [second]


def test_without_a_mail_server_nothing_is_queued_for_email(people, settings):
    from govoa.notify.models import Delivery
    from govoa.notify.services import notify

    settings.GOVOA_EMAIL_ENABLED = False
    settings.GOVOA_SMS_BACKEND = "log"
    settings.GOVOA_SMS_LOG_DELIVERIES = False
    people.staff.email = "staff@example.gov.cn"
    people.staff.phone = "13800000000"
    people.staff.save()
    notify(
        recipients=[people.staff], kind="test.x", title="测试", channels=("inapp", "email", "sms")
    )
    assert not Delivery.objects.exists()
    from govoa.notify.models import Notification

    assert Notification.objects.filter(recipient=people.staff).count() == 1
