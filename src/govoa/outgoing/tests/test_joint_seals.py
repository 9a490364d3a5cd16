"""联合行文's 用印 (GB/T 9704 7.3.5.1): after the lead's 签发, 编号, 校对 and 印制, each
co-issuing agency's own keeper stamps its own seal over its own 署名 (its own 用印登记簿
line, its own key), then the lead's keeper stamps last and finishes the file. Every seal is a
PAdES signature of its own; the earlier ones stay valid; measured with PyMuPDF, each seal
presses its 署名, the last the 成文日期, inside the 版心, none touching another."""

import io
import itertools

import pymupdf
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from govoa.audit.models import AuditEvent
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.core.vocabulary import Role
from govoa.documents.esign.keys import authority_certificate
from govoa.documents.esign.stamp import MM
from govoa.documents.esign.verify import verify_pdf
from govoa.documents.models import SealStamp
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.outgoing.esign import sealed_pdf
from govoa.outgoing.joint_models import JointSealState
from govoa.outgoing.services import joint
from govoa.outgoing.services.exports import rendered
from govoa.outgoing.services.joint_seals import co_sealed
from govoa.outgoing.tests.test_joint import at_joint, co_sign_all, lead_act
from govoa.outgoing.workflow import Status
from govoa.seals.models import SealUsage
from govoa.testing.factories import grant, make_person
from govoa.testing.joint import co_issuer_cast, request_of
from govoa.testing.outgoing import outgoing_cast
from govoa.testing.seals import SealsCast, make_seal

pytestmark = pytest.mark.usefixtures("frozen_clock")

TYPE_LEFT, TYPE_RIGHT = 28 * MM, 184 * MM  # the 版心, in points


@pytest.fixture
def cast(people):
    return outgoing_cast(people)


@pytest.fixture
def finance():
    return co_issuer_cast()


@pytest.fixture
def natural():
    return co_issuer_cast("测试市自然资源局", "zr")


def own_seal(agency_name, keeper, office_head):
    return make_seal(SealsCast(keeper=keeper, office_head=office_head), name=f"{agency_name}公章")


def signed_and_printed(people, cast, *co):
    """The lead's joint document through 会签, 签发, 编号, 校对 and 印制: at 用印."""
    document = at_joint(people, *co)
    for c in co:
        co_sign_all(request_of(document, c), c)
    for node in ("joint_countersign", "office_review", "leader_sign", "recheck", "number"):
        lead_act(document, node)
    lead_act(document, "proofread")
    lead_act(document, "print", checked_by=[cast.office_head.pk], copies=5)
    assert document.status == Status.SEALING
    return document


def seal_item(row):
    return WorkItem.objects.get(
        subject_type=joint.JOINT_SUBJECT_TYPE, subject_id=row.pk, node_key="seal", status="open"
    )


def co_seal(row, actor):
    work_item_act(actor=actor, item_id=seal_item(row).pk, action="approve", opinion="已用印")
    row.refresh_from_db()


def test_each_agency_stamps_its_own_seal_over_its_own_signature(people, cast, finance, natural):
    own_seal(people.agency.name, cast.seal_keeper, cast.office_head)
    own_seal(finance.agency.name, finance.seal_keeper, finance.office_head)
    own_seal(natural.agency.name, natural.seal_keeper, natural.office_head)
    document = at_joint(people, finance, natural)
    fin, nat = request_of(document, finance), request_of(document, natural)
    co_sign_all(fin, finance)
    co_sign_all(nat, natural)
    # Before the lead's 签发 no co-issuer may stamp: nothing is asked, and the act is refused.
    assert not WorkItem.objects.filter(
        subject_type=joint.JOINT_SUBJECT_TYPE, node_key="seal"
    ).exists()
    with pytest.raises(TransitionNotAllowed, match="尚未签发，联署机关不能用印"):
        co_sealed(fin, finance.seal_keeper, {})
    assert not SealUsage.objects.exists()

    for node in ("joint_countersign", "office_review", "leader_sign", "recheck", "number"):
        lead_act(document, node)
    lead_act(document, "proofread")
    lead_act(document, "print", checked_by=[cast.office_head.pk], copies=5)
    # At 用印 each co-issuer's own keepers are asked, on its own request.
    for row, co in ((fin, finance), (nat, natural)):
        row.refresh_from_db()
        assert row.seal_state == JointSealState.REQUESTED
        assert seal_item(row).assignee == co.seal_keeper
    # The lead's keeper comes last.
    with pytest.raises(
        TransitionNotAllowed, match="尚有联署机关未用印：测试市财政局、测试市自然资源局"
    ):
        lead_act(document, "seal")
    # Another agency's keeper cannot stamp your seal: not the lead's, not a fellow co-issuer's.
    for outsider in (cast.seal_keeper, natural.seal_keeper):
        with pytest.raises(NotFound):
            work_item_act(actor=outsider, item_id=seal_item(fin).pk, action="approve")
    # Nor a keeper of the same agency who does not hold that seal (the 用印登记簿 refuses).
    other = make_person(
        agency=finance.agency,
        department=finance.registrar.department,
        username="cz2",
        real_name="另一人",
    )
    grant(other, Role.SEAL_KEEPER)
    work_item_act(
        actor=finance.seal_keeper,
        item_id=seal_item(fin).pk,
        action="forward",
        opinion="请代为用印",
        payload={"to_person": other.pk},
    )
    with pytest.raises(ValidationFailed, match="保管人"):
        work_item_act(actor=other, item_id=seal_item(fin).pk, action="approve")
    work_item_act(
        actor=other,
        item_id=seal_item(fin).pk,
        action="forward",
        opinion="交还保管人",
        payload={"to_person": finance.seal_keeper.pk},
    )
    fin.refresh_from_db()
    assert fin.seal_state == JointSealState.REQUESTED
    assert not SealUsage.objects.exists()

    # They stamp in any order: the natural resources bureau first.
    co_seal(nat, natural.seal_keeper)
    co_seal(fin, finance.seal_keeper)
    document.refresh_from_db()
    # Not shown with any seal before the lead's keeper stamped its own.
    assert document.sealed_file is None
    assert sealed_pdf(document) is None
    unsealed = rendered(actor=people.staff, document=document, fmt="pdf")
    assert verify_pdf(unsealed).seals == []
    # Each in its own agency's 用印登记簿, approved by its own 签发, stamped by its keeper.
    for row, co in ((fin, finance), (nat, natural)):
        assert row.seal_state == JointSealState.SEALED
        assert row.seal_name == f"{co.agency.name}公章"
        usage = SealUsage.objects.get(agency=co.agency)
        assert (usage.seal.name, usage.status) == (f"{co.agency.name}公章", "stamped")
        assert (usage.approved_by, usage.stamped_by) == (co.principal, co.seal_keeper)
        assert usage.document_number == document.number
    lead_act(document, "seal")
    assert document.status == Status.DISTRIBUTING
    pdf = sealed_pdf(document)
    assert pdf is not None
    downloaded = rendered(actor=people.staff, document=document, fmt="pdf")
    assert downloaded == pdf

    # Three seals, three signatures, each of its own agency's key; all intact.
    report = verify_pdf(pdf)
    assert report.intact
    assert [(s.agency, s.seal, s.stamped_by) for s in report.seals] == [
        (natural.agency.name, f"{natural.agency.name}公章", natural.seal_keeper.real_name),
        (finance.agency.name, f"{finance.agency.name}公章", finance.seal_keeper.real_name),
        (people.agency.name, f"{people.agency.name}公章", cast.seal_keeper.real_name),
    ]
    root = asn1_x509.Certificate.load(
        authority_certificate().public_bytes(serialization.Encoding.DER)
    )
    for signature in PdfFileReader(io.BytesIO(pdf)).embedded_signatures:
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
        assert status.intact
        assert status.valid
        assert status.trusted
    assert {s.agency_id for s in SealStamp.objects.filter(subject_id=document.pk)} == {
        people.agency.pk,
        finance.agency.pk,
        natural.agency.pk,
    }
    changed = bytearray(pdf)
    changed[len(pdf) // 3] ^= 0x01
    assert not verify_pdf(bytes(changed)).intact

    # Measured: each seal over its own 署名, the last agency's over the 成文日期 too.
    seals = seal_boxes(pdf)
    opened = pymupdf.open(stream=pdf)
    page = opened[seals["Seal1"][0]]
    # The 成文日期: right under the last 署名 (the 版记's 印发日期 has none above it).
    last_names = page.search_for(natural.agency.name)
    date = next(
        d
        for d in page.search_for(to_date(document))
        if any(0 <= d.y0 - n.y1 < 15 * MM for n in last_names)
    )
    by_agency = {
        natural.agency.name: seals["Seal1"][1],
        finance.agency.name: seals["Seal2"][1],
        people.agency.name: seals["Seal3"][1],
    }
    for name, seal in by_agency.items():
        signature = nearest_above(page, name, date)
        assert abs(seal.width - 42 * MM) < 1
        assert abs((seal.x0 + seal.x1) / 2 - (signature.x0 + signature.x1) / 2) < 2 * MM, name
        assert seal.y0 < signature.y0, name
        assert signature.y1 < seal.y1, name
        assert seal.x0 >= TYPE_LEFT, name
        assert seal.x1 <= TYPE_RIGHT, name
    last = by_agency[natural.agency.name]
    assert last.y0 < date.y0
    assert date.y1 < last.y1
    assert abs((last.x0 + last.x1) / 2 - (date.x0 + date.x1) / 2) < 1 * MM
    for a, b in itertools.combinations(by_agency.values(), 2):
        gap = max(a.x0 - b.x1, b.x0 - a.x1, a.y0 - b.y1, b.y0 - a.y1)
        assert gap > 0, (a, b)  # apart: neither intersecting nor touching
    assert {"outgoing.joint.seal_request", "outgoing.joint.seal"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def to_date(document):
    from govoa.core.dates import chinese_date

    return chinese_date(joint.written_on(document))


def seal_boxes(pdf):
    """Each signature field's page and rectangle, by field name."""
    found = {}
    with pymupdf.open(stream=pdf) as opened:
        for page in opened:
            for widget in page.widgets():
                found[widget.field_name] = (page.number, pymupdf.Rect(widget.rect))
    return found


def nearest_above(page, text, date):
    """The 署名: the occurrence of the agency's name nearest above the 成文日期 (the title and
    the mark bear the names too)."""
    return max((r for r in page.search_for(text) if r.y1 <= date.y0), key=lambda r: r.y0)


def test_going_back_to_print_asks_again_and_an_agency_without_seals_just_records(
    people, cast, finance
):
    document = signed_and_printed(people, cast, finance)
    row = request_of(document, finance)
    # No seal registered at the co-issuer: its 用印 is recorded, no electronic stamp.
    co_seal(row, finance.seal_keeper)
    assert row.seal_state == JointSealState.SEALED
    assert row.sealed_file is None
    assert row.sealed_by == finance.seal_keeper
    # The lead goes back to 印制: the file to stamp may change, so the co-issuer is asked again.
    lead_act(document, "seal", action="return", opinion="份数有误", target_node="print")
    row.refresh_from_db()
    assert row.seal_state == JointSealState.SEALED  # still, until 用印 is reached again
    lead_act(document, "print", checked_by=[cast.office_head.pk], copies=6)
    row.refresh_from_db()
    assert row.seal_state == JointSealState.REQUESTED
    assert row.sealed_by is None
    with pytest.raises(TransitionNotAllowed, match="尚有联署机关未用印：测试市财政局"):
        lead_act(document, "seal")
    co_seal(row, finance.seal_keeper)
    lead_act(document, "seal")
    assert document.status == Status.DISTRIBUTING


def test_a_request_lapses_when_the_lead_is_not_at_seal(people, cast, finance):
    document = signed_and_printed(people, cast, finance)
    row = request_of(document, finance)
    lead_act(document, "seal", action="return", opinion="重新印制", target_node="print")
    with pytest.raises(TransitionNotAllowed, match="不在用印环节"):
        co_seal(row, finance.seal_keeper)
    row.refresh_from_db()
    assert row.seal_state == JointSealState.REQUESTED
