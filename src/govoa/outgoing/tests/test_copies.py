"""份号 (issue 20, item 6): the sequence number of each printed copy of a 涉密 document,
given at 印制 (one per copy), recorded with the 分发 that takes the copy, and printed on that
copy; the 核稿助手's 份号 rules see the real numbers."""

import io

import pdfplumber
import pytest

from govoa.audit.models import AuditEvent
from govoa.core.errors import NotFound, ValidationFailed
from govoa.core.vocabulary import Classification, Role
from govoa.documents.files import open_stored
from govoa.documents.models import Exchange
from govoa.outgoing.models import PrintedCopy
from govoa.outgoing.official import findings_for, to_official
from govoa.outgoing.services import exports
from govoa.outgoing.services.drafting import outgoing_submit
from govoa.outgoing.tests.test_flow import act
from govoa.testing.factories import grant, make_person
from govoa.testing.outgoing import draft, outgoing_cast

COPY_RULE = "REG-9-classified-copy-number"


@pytest.fixture
def cast(people):
    return outgoing_cast(people)


@pytest.fixture
def secret(people, cast):
    """A 秘密 notice drafted, approved, numbered and proofread: ready for 印制."""
    drafter = make_person(
        department=people.planning, username="mmngr", real_name="涉密拟稿人",
        clearance=Classification.SECRET,
    )  # fmt: skip
    document = draft(
        people, drafter=drafter, classification=Classification.SECRET, secrecy_period="1年"
    )
    outgoing_submit(actor=drafter, document=document)
    for node in ("dept_review", "office_review", "leader_sign", "recheck", "number", "proofread"):
        act(document, node)
    return document


def _copy_number(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        first = opened.pages[0].extract_text().splitlines()[0]
    return first.strip()


def test_printing_numbers_each_copy_and_distribution_takes_them_in_order(
    people, cast, secret, other_agency_person
):
    grant(other_agency_person, Role.REGISTRAR)
    other_agency_person.clearance = Classification.SECRET
    other_agency_person.save(update_fields=["clearance"])
    assert [f.rule for f in findings_for(secret, "final") if f.rule == COPY_RULE] == [COPY_RULE]
    act(secret, "print", checked_by=cast.office_head.pk, copies=3)
    assert list(PrintedCopy.objects.filter(document=secret).values_list("number", flat=True)) == [
        1,
        2,
        3,
    ]
    assert AuditEvent.objects.filter(action="outgoing.copies.number").count() == 1
    assert COPY_RULE not in {f.rule for f in findings_for(secret, "final")}
    act(secret, "seal")
    act(
        secret,
        "distribute",
        departments=[people.energy.pk],
        agencies=[other_agency_person.agency_id],
        others=["某区发展和改革局"],
    )
    given = {d.name: [c.label for c in d.numbered_copies.all()] for d in secret.distributions.all()}
    assert given == {
        "能源处": ["000001"],
        "测试市财政局": ["000002"],
        "某区发展和改革局": ["000003"],
    }
    # The copy sent by 公文交换 carries its own 份号.
    sent = Exchange.objects.get().files.get(name=f"{secret.number}.pdf")
    with open_stored(sent) as stream:
        assert _copy_number(stream.read()) == "000002"
    # Each copy prints its own number; a number never printed is not found.
    pdf = exports.rendered(actor=people.registrar, document=secret, fmt="pdf", copy=3)
    assert _copy_number(pdf) == "000003"
    with pytest.raises(NotFound):
        exports.rendered(actor=people.registrar, document=secret, fmt="pdf", copy=4)


def test_distribution_beyond_the_printed_copies_is_refused(people, cast, secret):
    act(secret, "print", checked_by=cast.office_head.pk, copies=1)
    act(secret, "seal")
    with pytest.raises(ValidationFailed) as excinfo:
        act(secret, "distribute", departments=[people.energy.pk], others=["某区发展和改革局"])
    assert "印制份数" in excinfo.value.message
    assert not secret.distributions.exists()
    assert not PrintedCopy.objects.filter(distribution__isnull=False).exists()


def test_an_unclassified_document_has_no_copy_numbers(people, cast):
    document = draft(people)
    assert to_official(document).copy_number == ""
    outgoing_submit(actor=people.staff, document=document)
    for node in ("dept_review", "office_review", "leader_sign", "recheck", "number", "proofread"):
        act(document, node)
    act(document, "print", checked_by=cast.office_head.pk, copies=5)
    assert not PrintedCopy.objects.filter(document=document).exists()
    assert to_official(document).copy_number == ""


def test_a_preview_before_printing_shows_no_copy_number(secret):
    assert to_official(secret).copy_number == ""
    assert to_official(secret).classification == "秘密"


def test_the_page_lists_each_distribution_s_copy_and_prints_it(client, people, cast, secret):
    act(secret, "print", checked_by=cast.office_head.pk, copies=2)
    act(secret, "seal")
    act(secret, "distribute", departments=[people.energy.pk], others=["某区发展和改革局"])
    client.force_login(people.registrar)
    page = client.get(f"/outgoing/{secret.pk}/").content.decode()
    assert f'/outgoing/{secret.pk}/render.pdf?copy=2"' in page
    assert ">000002</a>" in page
    second = client.get(f"/outgoing/{secret.pk}/render.pdf?copy=2")
    assert second.status_code == 200
    assert _copy_number(second.content) == "000002"
    for bad in ("3", "0", "x", "１"):
        assert client.get(f"/outgoing/{secret.pk}/render.pdf?copy={bad}").status_code == 404
    api = client.get(f"/api/v1/outgoing-documents/{secret.pk}/render?format=pdf&copy=1")
    assert api.status_code == 200
    assert _copy_number(api.content) == "000001"
    assert client.get(f"/api/v1/outgoing-documents/{secret.pk}/render?copy=0").status_code in (
        400,
        422,
    )
