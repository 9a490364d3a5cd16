"""The 发文 as OFD, by page and by API: same text as the PDF, and the usual visibility."""

from collections import Counter

import pymupdf
import pytest

from govoa.testing.ofd import read_ofd
from govoa.testing.outgoing import draft
from govoa.testing.permissions import Matrix

pytestmark = pytest.mark.slow


def test_ofd_download_matches_the_pdf(client, people, other_agency_person):
    document = draft(people)
    url = f"/outgoing/{document.pk}/render.ofd"
    Matrix(url).check(client, in_scope=people.staff, out_of_scope=other_agency_person)
    client.force_login(people.staff)
    response = client.get(url)
    assert response["Content-Type"] == "application/ofd"
    ofd = read_ofd(response.content)
    pdf = client.get(f"/outgoing/{document.pk}/render.pdf").content
    with pymupdf.open(stream=pdf, filetype="pdf") as rendered:
        pdf_text = ["".join(page.get_text().split()) for page in rendered]
    assert [Counter("".join(t.split())) for t in ofd.pages] == [Counter(t) for t in pdf_text]
    api = client.get(f"/api/v1/outgoing-documents/{document.pk}/render?format=ofd")
    assert api.status_code == 200
    assert api["Content-Type"] == "application/ofd"
    assert read_ofd(api.content).pages == ofd.pages
