"""Ids picked in forms and act payloads, and the bounds of list queries in the API."""

import pytest
from django import forms

from govoa.core.errors import ValidationFailed
from govoa.core.validation import MAX_ID, ids_from


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, []),
        ("", []),
        ([], []),
        (7, [7]),
        ("7", [7]),
        ([" 3", 1, "3", "", 2], [3, 1, 2]),  # distinct, in the order given, blanks ignored
        ((MAX_ID,), [MAX_ID]),
    ],
)
def test_ids_from_accepts_ids(raw, expected):
    assert ids_from(raw, "departments") == expected


@pytest.mark.parametrize(
    "raw", ["abc", [1, "x"], 0, [-4], MAX_ID + 1, [10**30], 1.5, {"a": 1}, [None]]
)
def test_ids_from_refuses_what_is_not_an_id(raw):
    with pytest.raises(ValidationFailed) as caught:
        ids_from(raw, "departments")
    assert caught.value.fields == {"departments": ["选择无效。"]}


LISTS = [
    "/api/v1/incoming-documents",
    "/api/v1/outgoing-documents",
    "/api/v1/work-items",
    "/api/v1/notifications",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    "query", ["page=0", "page=999999999999999999", "page_size=101", "page_size=abc"]
)
def test_list_paging_out_of_bounds_is_422(client, people, url, query):
    client.force_login(people.registrar)
    response = client.get(f"{url}?{query}")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/incoming-documents?department=99999999999999999999999",
        "/api/v1/outgoing-documents?department=99999999999999999999999",
        "/api/v1/outgoing-documents?category=-1",
    ],
)
def test_list_filters_refuse_ids_out_of_range(client, people, url):
    client.force_login(people.registrar)
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["error"]["fields"]


def test_a_page_of_a_list(client, people):
    client.force_login(people.registrar)
    body = client.get("/api/v1/notifications?page=3&page_size=5").json()
    assert (body["page"], body["page_size"], body["items"]) == (3, 5, [])


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-3"])
def test_a_multiple_choice_refuses_ids_out_of_range(people, value):
    from govoa.core.forms import ModelMultipleChoiceField
    from govoa.org.models import Department

    field = ModelMultipleChoiceField(queryset=Department.objects.all())
    with pytest.raises(forms.ValidationError) as caught:
        field.clean([str(people.planning.pk), value])
    assert caught.value.code == "invalid_pk_value"
    assert field.clean([str(people.planning.pk)]).get() == people.planning
