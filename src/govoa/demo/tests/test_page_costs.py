"""Every list and detail page runs the same number of queries however much history is
behind it (issue 9): measured on generated history, then again after more was added."""

import dataclasses
import random

import pytest
from django.test import Client

from govoa.demo.loadgen.agency import AGENCY_NAME
from govoa.demo.loadgen.generate import Generator
from govoa.demo.loadgen.scales import SCALES
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.incoming.models import IncomingDocument
from govoa.org.models import Person
from govoa.outgoing.models import OutgoingDocument
from govoa.testing.queries import query_count

pytestmark = pytest.mark.slow

LISTS = [
    "/",
    "/?tab=to_read",
    "/?tab=done",
    "/?tab=mine",
    "/?tab=reminders",
    "/?tab=done&page=2",
    "/incoming/",
    "/incoming/?q=通知",
    "/incoming/?status=archived",
    "/outgoing/",
    "/notifications/",
    "/api/v1/work-items",
    "/api/v1/work-items?state=done",
    "/api/v1/work-items?state=unread",
    "/api/v1/incoming-documents",
    "/api/v1/outgoing-documents",
    "/api/v1/notifications",
]


def _details(person: Person) -> list[str]:
    """Detail pages of the first documents and items the person took part in (the same
    objects before and after the history grows)."""
    item = WorkItem.objects.filter(acted_by=person, status=ItemStatus.DONE).order_by("pk").first()
    assert item is not None
    instance = item.instance
    base = "incoming" if instance.module == "incoming" else "outgoing"
    api = "incoming-documents" if base == "incoming" else "outgoing-documents"
    return [
        f"/{base}/{instance.subject_id}/",
        f"/api/v1/{api}/{instance.subject_id}",
        f"/flow/items/{item.pk}/",
        f"/api/v1/work-items/{item.pk}",
        f"/flow/instances/{instance.pk}/",
        f"/api/v1/flows/{instance.pk}/trail",
    ]


def _costs(client: Client, urls: list[str]) -> dict[str, int]:
    costs = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), url  # an item opens on its document
        costs[url] = query_count(lambda url=url: client.get(url))
    return costs


@pytest.mark.django_db
def test_pages_cost_the_same_queries_with_more_history():
    scale = dataclasses.replace(SCALES["tiny"], incoming=8, outgoing=4)
    generator = Generator(scale, seed=7, progress=lambda line: None)
    report = generator.run()
    agency_people = Person.objects.filter(agency__name=AGENCY_NAME)
    roles = ["收发员", "处室负责人", "科员", "分管领导"]
    people = {role: agency_people.get(username=report.usernames[role]) for role in roles}
    clients = {}
    for role, person in people.items():
        clients[role] = Client()
        clients[role].force_login(person)
    urls = {role: LISTS + _details(person) for role, person in people.items()}
    before = {role: _costs(clients[role], urls[role]) for role in roles}
    documents = IncomingDocument.objects.count() + OutgoingDocument.objects.count()
    generator.rng = random.Random(8)
    generator.extend(incoming=40, outgoing=20)
    assert IncomingDocument.objects.count() + OutgoingDocument.objects.count() == documents + 60
    assert FlowInstance.objects.count() == documents + 60
    after = {role: _costs(clients[role], urls[role]) for role in roles}
    assert after == before
