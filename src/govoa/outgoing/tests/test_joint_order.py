"""The order of the 联署机关, set and changed by the drafter in the editor (form and API): it
is the order of the joint 发文机关标志, of the 签发人, of the 署名 and of the seals (the last
agency's seal presses the 成文日期)."""

import re

import pytest

from govoa.outgoing.esign import anchors_of
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.official import to_official
from govoa.outgoing.tests.test_views import form_data
from govoa.testing.joint import co_issuer_cast, joint_draft
from govoa.testing.outgoing import category

pytestmark = pytest.mark.usefixtures("frozen_clock")


def order_of(document):
    return [c.agency_id for c in OutgoingDocument.objects.get(pk=document.pk).co_issuers.all()]


def test_the_drafter_sets_and_reorders_the_co_issuers(client, people):
    finance = co_issuer_cast()
    natural = co_issuer_cast("测试市自然资源局", "zr")
    document = joint_draft(people, finance, natural)
    assert order_of(document) == [finance.agency.pk, natural.agency.pk]
    client.force_login(people.staff)

    # The editor lists the chosen first, numbered in their order.
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    listed = re.findall(r'name="co_issuers" value="(\d+)"', page)
    assert listed[:2] == [str(finance.agency.pk), str(natural.agency.pk)]
    assert f'name="co_issuers_order_{natural.agency.pk}" value="2"' in page

    # Renumbered in the form: the natural resources bureau signs first now.
    data = form_data(document)
    data[f"co_issuers_order_{finance.agency.pk}"] = "2"
    data[f"co_issuers_order_{natural.agency.pk}"] = "1"
    response = client.post(f"/outgoing/{document.pk}/save/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert order_of(document) == [natural.agency.pk, finance.agency.pk]
    document.refresh_from_db()
    names = (people.agency.name, natural.agency.name, finance.agency.name)
    official = to_official(document)
    assert official.issuer_names == names  # the joint 发文机关标志
    assert tuple(s.name for s in official.signatories) == names  # the 署名
    page = client.get(f"/outgoing/{document.pk}/").content.decode()
    listed = re.findall(r'name="co_issuers" value="(\d+)"', page)
    assert listed[:2] == [str(natural.agency.pk), str(finance.agency.pk)]

    # Unnumbered ones follow the numbered, in the order posted; a bad number is ignored.
    data = form_data(document)
    data["co_issuers"] = [str(finance.agency.pk), str(natural.agency.pk)]
    data[f"co_issuers_order_{finance.agency.pk}"] = "x"
    data[f"co_issuers_order_{natural.agency.pk}"] = "1"
    assert client.post(f"/outgoing/{document.pk}/save/", data).status_code == 302
    assert order_of(document) == [natural.agency.pk, finance.agency.pk]

    # Through the API: the order of co_issuer_ids.
    response = client.put(
        f"/api/v1/outgoing-documents/{document.pk}",
        {
            "category_id": category(people).pk,
            "doc_type": "notice",
            "title": document.title,
            "recipients": document.recipients,
            "body": document.body,
            "co_issuer_ids": [finance.agency.pk, natural.agency.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["co_issuer_ids"] == [finance.agency.pk, natural.agency.pk]
    assert [c["agency"] for c in response.json()["co_issuers"]] == [
        finance.agency.name,
        natural.agency.name,
    ]
    document.refresh_from_db()
    assert to_official(document).issuer_names == (
        people.agency.name,
        finance.agency.name,
        natural.agency.name,
    )


def test_the_order_is_the_order_of_the_seals(people):
    """Each agency's seal over its own 署名, the last agency's over the 成文日期 as well."""
    from django.utils import timezone

    finance = co_issuer_cast()
    natural = co_issuer_cast("测试市自然资源局", "zr")
    document = joint_draft(
        people, co_issuer_ids=[natural.agency.pk, finance.agency.pk], title="关于联合行文的通知"
    )
    OutgoingDocument.objects.filter(pk=document.pk).update(
        signed_by=people.staff, signed_at=timezone.now()
    )
    document.refresh_from_db()
    anchors = anchors_of(document)
    assert [a.signature for a in anchors] == [
        people.agency.name,
        natural.agency.name,
        finance.agency.name,
    ]
    assert [bool(a.date) for a in anchors] == [False, False, True]
