"""Every search screen and endpoint in the permission matrix. A search answers 200 to anyone
signed in; what is out of scope or above the clearance is absent from the answer (no hit,
no count) — asserted here for each kind of person, with the matrix for the rest."""

import pytest

from govoa.core.vocabulary import Classification
from govoa.search.indexing import search_reindex
from govoa.testing.incoming import register
from govoa.testing.permissions import Matrix

pytestmark = pytest.mark.django_db

SCREENS = [
    Matrix("/search/", data={"q": "印章"}, out_of_scope_status=200),
    Matrix("/api/v1/search", data={"q": "印章"}, api=True, out_of_scope_status=200),
]


def test_matrix(people, other_agency_person, client):
    register(
        people,
        title="关于规范印章使用管理的通知",
        classification=Classification.SECRET,
        secrecy_period="1年",
    )
    search_reindex()
    for screen in SCREENS:
        screen.check(client, in_scope=people.registrar, out_of_scope=other_agency_person)
    for person in (other_agency_person, people.staff, people.sys_admin, people.audit_admin):
        client.force_login(person)
        assert client.get("/api/v1/search", {"q": "印章"}).json()["count"] == 0
        assert "规范印章" not in client.get("/search/", {"q": "印章"}).content.decode()
    client.force_login(people.registrar)
    assert client.get("/api/v1/search", {"q": "印章"}).json()["count"] == 1
