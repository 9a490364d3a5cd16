"""``govoa loadgen`` grows 办公用品 and 印章 too: a ledger whose balances are the sum of its
movements and never negative, plans under review with real flows, a 用印登记簿 whose lines
name real 发文, and the main lists open for the people who use them."""

import pytest
from django.db.models import Min, Sum
from django.test import Client

from govoa.demo.loadgen.agency import AGENCY_NAME
from govoa.demo.loadgen.generate import generate
from govoa.demo.loadgen.scales import SCALES
from govoa.flow.models import WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.org.models import Agency, Person
from govoa.outgoing.models import OutgoingDocument

TINY = SCALES["tiny"]


@pytest.fixture
def generated(db):
    return generate(TINY, progress=lambda line: None)


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_supplies_ledger_reconciles_and_plans_are_under_review(generated):
    from govoa.supplies.models import Requisition, StockBalance, StockMovement, SupplyItem

    agency = Agency.objects.get(name=AGENCY_NAME)
    items = SupplyItem.objects.filter(agency=agency)
    assert items.count() >= 10
    assert StockMovement.objects.filter(agency=agency).count() >= TINY.incoming // 2
    for item in items:
        movements = StockMovement.objects.filter(item=item)
        total = movements.aggregate(s=Sum("quantity"))["s"] or 0
        assert StockBalance.objects.get(item=item).quantity == total
        assert (movements.aggregate(m=Min("balance_after"))["m"] or 0) >= 0
        last = movements.order_by("-created_at", "-pk").first()
        assert last is None or last.balance_after == total
    plans = Requisition.objects.filter(agency=agency, status="reviewing")
    assert plans.exists()
    assert (
        WorkItem.objects.filter(
            instance__subject_type="supplies.requisition", status=ItemStatus.OPEN
        ).count()
        == plans.count()
    )
    assert generated.rows["supplies.StockMovement"] >= TINY.incoming // 2
    keeper = Person.objects.get(agency=agency, role_assignments__role="supplies_keeper")
    for url in ["/supplies/", f"/supplies/items/{items.first().pk}/", "/supplies/requisitions/"]:
        assert _client(keeper).get(url).status_code == 200, url


def test_seal_register_names_real_outgoing_documents(generated):
    from govoa.seals.models import Seal, SealUsage

    agency = Agency.objects.get(name=AGENCY_NAME)
    assert Seal.objects.filter(agency=agency).count() >= 5
    stamped = SealUsage.objects.filter(agency=agency, status="stamped")
    assert stamped.exists()
    documents = set(OutgoingDocument.objects.filter(agency=agency).values_list("pk", flat=True))
    assert set(stamped.values_list("document_id", flat=True)) <= documents
    assert not stamped.filter(approved_by__isnull=True).exists()
    reviewing = SealUsage.objects.filter(agency=agency, status="reviewing")
    assert (
        WorkItem.objects.filter(
            instance__subject_type="seals.sealusage", status=ItemStatus.OPEN
        ).count()
        == reviewing.count()
    )
    office_head = Person.objects.get(agency=agency, role_assignments__role="office_head")
    for url in ["/seals/", "/seals/usages/", "/seals/register/"]:
        assert _client(office_head).get(url).status_code == 200, url
