"""Issue 25, archiving of 联合行文: the lead agency archives the original (正本, 定稿, the
发文稿纸 and every co-issuer's 签发); each co-issuing agency archives its copy — its own 会签
record and the issued document as a 复制件 — marked as such, never as the original. Tried on
the demo's joint 通知 of the commission (lead) and the bureau (co-issuer)."""

import pymupdf
import pytest
from django.utils import timezone

from govoa.archives.models import ArchiveRecord
from govoa.demo.joint import TITLE
from govoa.demo.seed import seed_demo
from govoa.documents.files import open_stored
from govoa.flow.models import TrailEntry
from govoa.org.models import Person
from govoa.outgoing.models import JointCountersign, OutgoingDocument

pytestmark = pytest.mark.django_db

OUTGOING = "outgoing.outgoingdocument"
JOINT = "outgoing.jointcountersign"


def _text(component) -> str:
    with (
        open_stored(component.file) as handle,
        pymupdf.open(stream=handle.read(), filetype="pdf") as document,
    ):
        return "".join(page.get_text() for page in document).replace("\n", "")


def test_the_lead_keeps_the_original_the_co_issuer_its_marked_copy(client, frozen_clock):
    seed_demo()
    joint = OutgoingDocument.objects.get(title=TITLE)
    # What 校对、用印 and 印发 do next: the joint 通知 goes out under the lead's number.
    OutgoingDocument.objects.filter(pk=joint.pk).update(
        status="issued", issued_on=timezone.localdate()
    )
    joint.refresh_from_db()
    countersign = JointCountersign.objects.get(document=joint, state="signed")
    partner = countersign.agency
    lead_archivist = Person.objects.get(username="wuming")
    partner_archivist = Person.objects.get(username="gx.fengtao")
    assert lead_archivist.agency_id == joint.agency_id
    assert partner_archivist.agency_id == partner.pk

    # The lead: the 正本 with the 稿纸, every co-issuer's 签发 and the 定稿.
    client.force_login(lead_archivist)
    assert f'value="{joint.pk}"' in client.get("/archives/queue/").content.decode()
    taken = client.post("/archives/intake/", {"source_type": OUTGOING, "source_id": joint.pk})
    assert taken.status_code == 302
    original = ArchiveRecord.objects.get(
        agency=joint.agency, source_type=OUTGOING, source_id=joint.pk
    )
    roles = [c.role for c in original.components.order_by("order")]
    assert roles[0] == "main"
    assert roles.count("approval_sheet") == 2
    assert "copy" not in roles
    assert original.note.startswith("联合行文（主办机关归档正本")
    assert original.responsible == f"{joint.agency.name}、{partner.name}"
    assert original.doc_number == joint.number
    sheet = original.components.get(name="联署机关会签单.pdf")
    signatures = _text(sheet)
    assert partner.name in signatures
    assert countersign.signed_by.real_name in signatures
    assert joint.signed_by.real_name in signatures

    # The co-issuer: the lead's document is not in its archive; its 会签 is.
    client.force_login(partner_archivist)
    queue = client.get("/archives/queue/").content.decode()
    assert f'value="{countersign.pk}"' in queue
    refused = client.post("/archives/intake/", {"source_type": OUTGOING, "source_id": joint.pk})
    assert refused.status_code == 404
    taken = client.post("/archives/intake/", {"source_type": JOINT, "source_id": countersign.pk})
    assert taken.status_code == 302
    copy = ArchiveRecord.objects.get(agency=partner, source_type=JOINT, source_id=countersign.pk)
    assert [c.role for c in copy.components.order_by("order")] == ["approval_sheet", "copy"]
    assert "main" not in {c.role for c in copy.components.all()}
    assert "本机关为联署机关" in copy.note
    assert "正本由主办机关归档" in copy.note
    assert (copy.title, copy.doc_number) == (joint.title, joint.number)
    record_text = _text(copy.components.get(role="approval_sheet"))
    assert "联合行文会签记录" in record_text.replace(" ", "")
    assert countersign.signed_by.real_name in record_text
    assert "核稿无误" in record_text  # its own 核稿 on its own flow
    # Its own 办理过程 (the 会签's flow) shows the intake; the lead's document's does not.
    assert TrailEntry.objects.filter(
        instance__subject_type=JOINT,
        instance__subject_id=countersign.pk,
        details__archive_record=copy.pk,
    ).exists()
    assert not TrailEntry.objects.filter(
        instance__subject_type=OUTGOING,
        instance__subject_id=joint.pk,
        details__archive_record=copy.pk,
    ).exists()
    # Each agency files its own under its own 全宗号.
    office = partner_archivist.department
    answer = client.post(
        f"/archives/records/{copy.pk}/classify/", {"retention": "Y", "department": office.pk}
    )
    assert answer.status_code == 302
    assert client.post("/archives/file/", {"pick": [copy.pk]}).status_code == 302
    copy.refresh_from_db()
    assert copy.status == "filed"
    assert copy.reference_code
    assert copy.reference_code != original.reference_code
