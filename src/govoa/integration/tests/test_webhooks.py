"""Webhooks against a real HTTP receiver on loopback that checks each request's HMAC
signature, for each business event; retries with back-off; what never goes out."""

import datetime
import json

import pytest
from django.db import transaction

from govoa.core.vocabulary import Classification
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.checklists import every_item_ticked
from govoa.flow.services.reminders import scan_deadlines
from govoa.integration.models import DeliveryStatus, WebhookDelivery
from govoa.integration.tasks import retry_webhooks
from govoa.integration.webhooks import BACKOFF, MAX_ATTEMPTS, sign, verify
from govoa.outgoing.services.drafting import outgoing_submit
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.incoming import register
from govoa.testing.loopback import stand_in
from govoa.testing.outgoing import draft, outgoing_cast


class Receiver:
    """Accepts only requests whose signature checks out with ``secret``."""

    def __init__(self):
        self.secret = ""
        self.fail_first = 0
        self.received = []

    def __call__(self, request):
        if not verify(self.secret, request.headers.get("x-govoa-signature", ""), request.body):
            return 401, {"error": "bad signature"}
        if self.fail_first:
            self.fail_first -= 1
            return 503, {"error": "busy"}
        self.received.append(request)
        return 200, {"ok": True}


@pytest.fixture
def receiver():
    answer = Receiver()
    with stand_in(answer) as server:
        answer.url = server.url + "/hooks/govoa"
        answer.server = server
        yield answer


def _waited(delivery):
    """The back-off chosen after the last attempt, to the second (the clock ticks)."""
    wait = delivery.next_attempt_at - delivery.claimed_at
    return datetime.timedelta(seconds=int(wait.total_seconds()))


def _run_committed(act, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return act()


def test_a_registered_document_is_pushed_signed(
    people, receiver, endpoint_for, django_capture_on_commit_callbacks
):
    receiver.secret = endpoint_for(receiver.url).secret
    document = _run_committed(lambda: register(people), django_capture_on_commit_callbacks)
    [request] = receiver.received
    assert request.path == "/hooks/govoa"
    assert request.headers["x-govoa-event"] == "document.registered"
    body = request.json()
    assert body["event"] == "document.registered"
    assert body["id"] == request.headers["x-govoa-delivery"]
    assert body["object"]["type"] == "incoming"
    assert body["object"]["id"] == document.pk
    assert body["object"]["number"] == document.number
    assert body["object"]["url"].endswith(f"/incoming/{document.pk}/")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("sent", 1, 200)


def test_signing_and_distribution_are_pushed(
    people, receiver, endpoint_for, django_capture_on_commit_callbacks
):
    cast = outgoing_cast(people)
    receiver.secret = endpoint_for(
        receiver.url, events=["document.signed", "document.distributed"]
    ).secret
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)

    def act(node, **payload):
        item = WorkItem.objects.get(
            instance__subject_id=document.pk,
            instance__subject_type="outgoing.outgoingdocument",
            status="open",
            node_key=node,
        )
        with django_capture_on_commit_callbacks(execute=True):
            work_item_act(
                actor=item.assignee,
                item_id=item.pk,
                action="approve",
                payload={**every_item_ticked(item), **payload},
            )

    for node in ["dept_review", "office_review", "leader_sign"]:
        act(node)
    assert [r.json()["event"] for r in receiver.received] == ["document.signed"]
    for node in ["recheck", "number", "proofread"]:
        act(node)
    act("print", checked_by=cast.office_head.pk, copies=3)
    act("seal")
    act("distribute", departments=[people.energy.pk])
    events = [r.json()["event"] for r in receiver.received]
    assert events == ["document.signed", "document.distributed"]
    document.refresh_from_db()
    assert receiver.received[1].json()["object"]["number"] == document.number


def test_an_overdue_item_is_pushed(
    people, receiver, endpoint_for, django_capture_on_commit_callbacks
):
    receiver.secret = endpoint_for(receiver.url, events=["item.overdue"]).secret
    _run_committed(lambda: register(people), django_capture_on_commit_callbacks)
    assert receiver.received == []  # not subscribed to registrations
    item = WorkItem.objects.get(status="open")
    WorkItem.objects.filter(pk=item.pk).update(due_date=FROZEN_TODAY - datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        counts = scan_deadlines(FROZEN_TODAY)
    assert counts["overdue"] == 1
    [request] = receiver.received
    assert request.json()["event"] == "item.overdue"
    assert request.json()["object"] == {
        "type": "flow.work_item",
        "id": item.pk,
        "url": request.json()["object"]["url"],
        "classification": 0,
        "title": item.instance.title,
        "node": item.node_name,
    }
    assert request.json()["object"]["url"].endswith(f"/flow/items/{item.pk}/")


def test_a_refusing_receiver_is_retried_with_back_off(
    people, receiver, endpoint_for, frozen_clock, django_capture_on_commit_callbacks
):
    receiver.secret = endpoint_for(receiver.url).secret
    receiver.fail_first = 2
    _run_committed(lambda: register(people), django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 1, 503)
    assert "HTTP 503" in delivery.last_error
    assert _waited(delivery) == BACKOFF[0]
    assert retry_webhooks.call() == {"sent": 0, "failed": 0}  # not due yet
    frozen_clock.shift(BACKOFF[0] + datetime.timedelta(seconds=1))
    assert retry_webhooks.call() == {"sent": 0, "failed": 1}
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert _waited(delivery) == BACKOFF[1]
    frozen_clock.shift(BACKOFF[1] + datetime.timedelta(seconds=1))
    assert retry_webhooks.call() == {"sent": 1, "failed": 0}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 3, "")
    assert len(receiver.received) == 1  # the receiver accepted it once
    # Every attempt was the same event, each freshly signed.
    ids = {r.headers["x-govoa-delivery"] for r in receiver.server.requests}
    assert ids == {str(delivery.event_id)}


def test_after_the_last_attempt_the_delivery_is_given_up(
    people, receiver, endpoint_for, frozen_clock, django_capture_on_commit_callbacks
):
    receiver.secret = endpoint_for(receiver.url).secret
    receiver.fail_first = 100
    _run_committed(lambda: register(people), django_capture_on_commit_callbacks)
    for wait in BACKOFF:
        frozen_clock.shift(wait + datetime.timedelta(seconds=1))
        retry_webhooks.call()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.ABANDONED, MAX_ATTEMPTS)
    assert delivery.next_attempt_at is None
    frozen_clock.shift(datetime.timedelta(days=1))
    assert retry_webhooks.call() == {"sent": 0, "failed": 0}
    assert len(receiver.server.requests) == MAX_ATTEMPTS


def test_a_wrong_secret_is_refused_by_the_receiver(
    people, receiver, endpoint_for, django_capture_on_commit_callbacks
):
    endpoint_for(receiver.url)
    receiver.secret = "not-the-secret"
    _run_committed(lambda: register(people), django_capture_on_commit_callbacks)
    assert receiver.received == []
    assert WebhookDelivery.objects.get().last_status_code == 401


def test_the_signature_covers_body_and_time():
    body = json.dumps({"event": "ping"}).encode()
    header = sign("k", 1_800_000_000, body)
    assert verify("k", header, body)
    assert not verify("k", header, body.replace(b"ping", b"pong"))
    assert not verify("k", header.replace("t=1800000000", "t=1800000001"), body)
    assert not verify("other", header, body)
    assert not verify("k", "garbage", body)


def test_classified_matters_never_go_out(
    people, receiver, endpoint_for, django_capture_on_commit_callbacks
):
    receiver.secret = endpoint_for(receiver.url).secret
    _run_committed(
        lambda: register(people, classification=Classification.SECRET, secrecy_period="10年"),
        django_capture_on_commit_callbacks,
    )
    assert not WebhookDelivery.objects.exists()
    assert receiver.server.requests == []


def test_a_rolled_back_act_sends_nothing(
    people, receiver, endpoint_for, django_capture_on_commit_callbacks
):
    receiver.secret = endpoint_for(receiver.url).secret

    def failing_act():
        with transaction.atomic():
            register(people)
            raise RuntimeError("the act fails after registering")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_act()
    assert not WebhookDelivery.objects.exists()
    assert receiver.server.requests == []


def test_only_the_agencys_own_active_endpoints_are_used(
    people, receiver, endpoint_for, other_agency_person, django_capture_on_commit_callbacks
):
    from govoa.core.vocabulary import Role
    from govoa.integration.services import webhook_endpoint_update
    from govoa.testing.factories import grant

    grant(other_agency_person, Role.SYS_ADMIN)
    endpoint_for(receiver.url, actor=other_agency_person)
    paused = endpoint_for(receiver.url)
    webhook_endpoint_update(
        actor=people.sys_admin,
        pk=paused.pk,
        name=paused.name,
        url=paused.url,
        events=paused.events,
        is_active=False,
    )
    _run_committed(lambda: register(people), django_capture_on_commit_callbacks)
    assert receiver.server.requests == []


def test_a_redirect_is_not_followed(people, endpoint_for, django_capture_on_commit_callbacks):
    with stand_in(lambda request: (302, {})) as server:
        endpoint_for(server.url + "/moved")
        _run_committed(lambda: register(people), django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == ("failed", 302)


def test_an_unreachable_receiver_is_recorded(
    people, endpoint_for, django_capture_on_commit_callbacks
):
    with stand_in() as server:
        url = server.url
    endpoint_for(url + "/gone")
    _run_committed(lambda: register(people), django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert "无法连接接收方" in delivery.last_error
