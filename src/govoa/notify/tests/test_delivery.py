"""Email through a real SMTP server and SMS through a real HTTP server, both on loopback."""

import datetime
import logging

import pytest
from django.utils import timezone

from govoa.notify.models import Channel, Delivery, DeliveryStatus
from govoa.notify.services import notify
from govoa.notify.tasks import MAX_ATTEMPTS, deliver, retry_failed_deliveries

TITLE = "待办：关于2027年度部门预算的请示"
BODY = "关于2027年度部门预算的请示（处室审核），请于 2026-12-01 前办理"


@pytest.fixture
def staff(people):
    people.staff.email = "guihua@example.gov.cn"
    people.staff.phone = "13800000001"
    people.staff.save()
    return people.staff


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """``notify`` as an act calls it, with the after-commit tasks run."""

    def _send(recipients, **kwargs):
        fields = {"kind": "flow.item.assigned", "title": TITLE, "body": BODY, **kwargs}
        with django_capture_on_commit_callbacks(execute=True):
            return notify(recipients=recipients, **fields)

    return _send


@pytest.fixture
def http_sms(settings, sms_platform):
    settings.GOVOA_SMS_BACKEND = "http"
    settings.GOVOA_SMS_URL = sms_platform.url
    settings.GOVOA_SMS_TOKEN = "platform-token"
    return sms_platform


def test_email_is_delivered_over_smtp_in_chinese(staff, send, smtp_server, settings):
    settings.GOVOA_SITE_URL = "https://oa.example.gov.cn/"
    send([staff], url="/flow/items/7/")
    [message] = smtp_server.messages
    assert message.to == ["guihua@example.gov.cn"]
    assert message.sender == settings.DEFAULT_FROM_EMAIL
    assert message.subject == f"【GovOA】{TITLE}"
    assert TITLE in message.body
    assert BODY in message.body
    assert "https://oa.example.gov.cn/flow/items/7/" in message.body
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1
    assert delivery.sent_at is not None
    assert delivery.last_error == ""


def test_email_without_url_links_to_the_message_list(staff, send, smtp_server, settings):
    settings.GOVOA_SITE_URL = "http://oa.local:8000"
    send([staff], body="")
    [message] = smtp_server.messages
    assert "http://oa.local:8000/notifications/" in message.body


def test_a_sent_delivery_is_never_sent_twice(staff, send, smtp_server):
    send([staff])
    delivery = Delivery.objects.get()
    assert deliver.call(delivery.pk) == DeliveryStatus.SENT
    deliver.enqueue(delivery.pk)
    assert retry_failed_deliveries.call() == {"sent": 0, "failed": 0}
    assert len(smtp_server.messages) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_a_missing_delivery_is_ignored(db):
    assert deliver.call(987654) is None


def test_smtp_down_records_the_failure_and_the_retry_sends_it(staff, send, smtp_server):
    smtp_server.stop()
    send([staff])
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert delivery.sent_at is None
    assert "邮件发送失败" in delivery.last_error
    assert "ConnectionRefusedError" in delivery.last_error

    assert retry_failed_deliveries.call() == {"sent": 0, "failed": 1}
    delivery.refresh_from_db()
    assert delivery.attempts == 2

    smtp_server.start()
    assert retry_failed_deliveries.call() == {"sent": 1, "failed": 0}
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 3
    assert delivery.last_error == ""
    [message] = smtp_server.messages
    assert message.subject == f"【GovOA】{TITLE}"
    # Nothing left to retry, and nothing is sent again.
    assert retry_failed_deliveries.call() == {"sent": 0, "failed": 0}
    assert len(smtp_server.messages) == 1


def test_retry_gives_up_after_max_attempts(staff, send, smtp_server):
    smtp_server.stop()
    send([staff])
    for _ in range(MAX_ATTEMPTS + 2):
        retry_failed_deliveries.call()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == MAX_ATTEMPTS
    smtp_server.start()
    assert retry_failed_deliveries.call() == {"sent": 0, "failed": 0}
    assert smtp_server.messages == []


def test_retry_sends_a_delivery_whose_task_was_lost(staff, smtp_server, db):
    # No on-commit callbacks run: as if the queue had refused the task.
    notify(recipients=[staff], kind="flow.item.reminded", title="催办：请尽快办理")
    fresh = Delivery.objects.get()
    assert retry_failed_deliveries.call() == {"sent": 0, "failed": 0}  # not stale yet
    Delivery.objects.filter(pk=fresh.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert retry_failed_deliveries.call() == {"sent": 1, "failed": 0}
    assert [m.subject for m in smtp_server.messages] == ["【GovOA】催办：请尽快办理"]


def test_the_retry_task_is_enqueued_like_the_scheduler_does(staff, send, smtp_server):
    smtp_server.stop()
    send([staff])
    smtp_server.start()
    result = retry_failed_deliveries.enqueue()
    assert result.return_value == {"sent": 1, "failed": 0}
    assert len(smtp_server.messages) == 1


def test_sms_goes_to_the_http_platform(staff, send, http_sms):
    send([staff], channels=("inapp", "sms"), url="/flow/items/3/")
    [request] = http_sms.requests
    assert request["path"] == "/sms/send"
    assert request["authorization"] == "Bearer platform-token"
    assert request["content_type"].startswith("application/json")
    assert request["json"]["phone"] == "13800000001"
    assert request["json"]["text"].startswith(f"【GovOA】{TITLE}：")
    assert BODY in request["json"]["text"]
    delivery = Delivery.objects.get()
    assert delivery.channel == Channel.SMS
    assert delivery.status == DeliveryStatus.SENT


def test_sms_platform_error_is_recorded_and_retried(staff, send, http_sms):
    http_sms.status = 500
    send([staff], channels=("inapp", "sms"))
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert "短信发送失败" in delivery.last_error
    assert "HTTP 500" in delivery.last_error
    http_sms.status = 200
    assert retry_failed_deliveries.call() == {"sent": 1, "failed": 0}
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(http_sms.requests) == 2


def test_long_sms_is_cut(staff, send, http_sms):
    send([staff], channels=("sms",), body="很长的内容" * 200)
    text = http_sms.requests[0]["json"]["text"]
    assert len(text) <= 300
    assert "…" in text
    assert text.endswith("（请登录协同办公系统查看）")


def test_log_gateway_sends_nothing_and_counts_as_sent(staff, send, settings, caplog):
    settings.GOVOA_SMS_BACKEND = "log"
    with caplog.at_level(logging.INFO, logger="govoa.notify.sms"):
        send([staff], channels=("inapp", "sms"))
    assert "13800000001" in caplog.text
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_misconfigured_sms_backend_fails_the_delivery_not_the_act(staff, send, settings):
    settings.GOVOA_SMS_BACKEND = "carrier-pigeon"
    [notification] = send([staff], channels=("inapp", "sms"))
    assert notification.pk is not None
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert "GOVOA_SMS_BACKEND" in delivery.last_error


def test_email_and_sms_of_one_message_fail_and_succeed_separately(
    staff, send, smtp_server, http_sms
):
    smtp_server.stop()
    send([staff], channels=("inapp", "email", "sms"))
    statuses = dict(Delivery.objects.values_list("channel", "status"))
    assert statuses == {Channel.EMAIL: DeliveryStatus.FAILED, Channel.SMS: DeliveryStatus.SENT}
    smtp_server.start()
    assert retry_failed_deliveries.call() == {"sent": 1, "failed": 0}
    assert len(http_sms.requests) == 1
    assert len(smtp_server.messages) == 1
