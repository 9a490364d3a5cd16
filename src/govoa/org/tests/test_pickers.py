"""The people pickers: a search endpoint scoped by a signed token, and widgets that render
only the people already chosen."""

import datetime
import re

import pytest
from django import forms

from govoa.core.vocabulary import Classification, Role
from govoa.org.models import Person
from govoa.org.pickers import RESULT_LIMIT, PeoplePicker, PersonPicker, sign_scope, use_picker
from govoa.org.selectors import people_cleared
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.factories import grant, make_person
from govoa.testing.queries import query_count

URL = "/org/people/search/"


def _search(client, scope, q=""):
    return client.get(URL, {"scope": scope, "q": q})


def _names(response):
    return [r["label"].split("（")[0] for r in response.json()["results"]]


def test_search_finds_by_name_login_or_department_within_the_agency(client, people):
    client.force_login(people.staff)
    scope = sign_scope(agency_id=people.agency.pk)
    assert _names(_search(client, scope, "处长")) == ["规划处长"]
    assert _names(_search(client, scope, "registrar")) == ["收发员"]
    assert set(_names(_search(client, scope, "规划处"))) == {"规划科员", "规划处长"}
    assert _search(client, scope, "不存在的人").json() == {"results": [], "more": False}


def test_search_never_offers_the_three_admins(client, people):
    client.force_login(people.staff)
    labels = _names(_search(client, sign_scope(agency_id=people.agency.pk), "管理员"))
    assert labels == []
    assert "安全审计员" not in _names(_search(client, sign_scope(agency_id=people.agency.pk)))


def test_search_keeps_to_the_clearance_department_roles_and_exclusion_of_the_scope(client, people):
    client.force_login(people.staff)
    secret = sign_scope(agency_id=people.agency.pk, clearance=Classification.SECRET)
    assert "规划科员" not in _names(_search(client, secret))
    assert "规划处长" in _names(_search(client, secret))
    planning = sign_scope(agency_id=people.agency.pk, department_id=people.planning.pk)
    assert set(_names(_search(client, planning))) == {"规划科员", "规划处长"}
    leaders = sign_scope(
        agency_id=people.agency.pk, roles=[Role.LEADER_DEPUTY, Role.LEADER_PRINCIPAL]
    )
    assert set(_names(_search(client, leaders))) == {"分管副主任", "主任"}
    not_me = sign_scope(agency_id=people.agency.pk, exclude_id=people.dept_head.pk)
    assert "规划处长" not in _names(_search(client, not_me, "规划"))


def test_search_answers_at_most_the_limit_and_says_there_are_more(client, people):
    for n in range(RESULT_LIMIT + 2):
        make_person(department=people.energy, real_name=f"能源科员{n}", username=f"ny{n}")
    client.force_login(people.staff)
    answer = _search(client, sign_scope(agency_id=people.agency.pk), "能源科员").json()
    assert len(answer["results"]) == RESULT_LIMIT
    assert answer["more"] is True


@pytest.mark.parametrize("token", ["", "garbage", "eyJhIjoxfQ:1:abc", "x" * 600])
def test_a_scope_this_server_did_not_sign_is_404(client, people, token):
    client.force_login(people.staff)
    response = _search(client, token)
    assert response.status_code == 404
    assert "没有可选的人员" in response.content.decode()


def test_a_tampered_scope_is_404(client, people):
    client.force_login(people.staff)
    token = sign_scope(agency_id=people.agency.pk, clearance=Classification.SECRET)
    payload, rest = token.split(":", 1)
    assert _search(client, payload[:-2] + "AA:" + rest).status_code == 404


def test_another_agencys_scope_and_the_three_admins_get_404(client, people, other_agency_person):
    client.force_login(other_agency_person)
    assert _search(client, sign_scope(agency_id=people.agency.pk)).status_code == 404
    client.force_login(people.sec_admin)
    assert _search(client, sign_scope(agency_id=people.agency.pk)).status_code == 404
    client.logout()
    assert _search(client, sign_scope(agency_id=people.agency.pk)).status_code == 302


def test_search_costs_the_same_whatever_the_agency_size(client, people):
    client.force_login(people.staff)
    scope = sign_scope(agency_id=people.agency.pk)
    client.get(URL, {"scope": scope, "q": "科员"})
    small = query_count(lambda: client.get(URL, {"scope": scope, "q": "科员"}))
    for n in range(30):
        make_person(department=people.energy, real_name=f"科员{n}", username=f"ky{n}")
    assert query_count(lambda: client.get(URL, {"scope": scope, "q": "科员"})) == small


class _Form(forms.Form):
    readers = forms.ModelMultipleChoiceField(queryset=Person.objects.none(), required=False)
    leader = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)

    def __init__(self, *args, agency_id, **kwargs):
        super().__init__(*args, **kwargs)
        people = people_cleared(agency_id=agency_id, clearance=0)
        self.fields["readers"].queryset = people
        self.fields["leader"].queryset = people
        use_picker(self.fields["readers"], agency_id=agency_id)
        use_picker(self.fields["leader"], agency_id=agency_id)


def test_a_picker_renders_only_the_chosen_people(people):
    extra = [make_person(department=people.energy, real_name=f"人员{n}") for n in range(5)]
    form = _Form(initial={"readers": [extra[1].pk, extra[3].pk]}, agency_id=people.agency.pk)
    html = str(form["readers"])
    assert isinstance(form.fields["readers"].widget, PeoplePicker)
    assert html.count("<option") == 2
    assert "人员1" in html
    assert "人员3" in html
    assert "人员0" not in html
    assert 'data-picker="/org/people/search/"' in html
    single = str(form["leader"])
    assert isinstance(form.fields["leader"].widget, PersonPicker)
    assert single.count("<option") == 1
    assert "（未选择）" in single


def test_a_picker_field_still_refuses_someone_outside_its_queryset(people, other_agency_person):
    form = _Form({"readers": [other_agency_person.pk]}, agency_id=people.agency.pk)
    assert not form.is_valid()
    assert "readers" in form.errors
    ok = _Form({"readers": [people.staff.pk]}, agency_id=people.agency.pk)
    assert ok.is_valid()
    assert list(ok.cleaned_data["readers"]) == [people.staff]


def test_a_picker_with_garbage_posted_renders_without_error(people):
    form = _Form({"readers": ["x", "99999999999999999999"]}, agency_id=people.agency.pk)
    assert not form.is_valid()
    assert str(form["readers"]).count("<option") == 0


def test_grant_makes_a_leader_findable(client, people):
    newcomer = make_person(department=people.energy, real_name="新任领导")
    grant(newcomer, Role.LEADER_DEPUTY, [people.energy])
    client.force_login(people.staff)
    scope = sign_scope(agency_id=people.agency.pk, roles=[Role.LEADER_DEPUTY])
    assert "新任领导" in _names(_search(client, scope))


@pytest.mark.usefixtures("frozen_clock")
def test_ones_own_delegate_is_searched_while_the_sys_admin_keeps_the_list(client, people):
    client.force_login(people.staff)
    html = client.get("/org/delegations/").content.decode()
    delegate = re.search(r'<select name="delegate"[^>]*>.*?</select>', html, re.S).group(0)
    assert "data-picker=" in delegate
    assert "规划处长" not in delegate  # nobody listed until searched
    response = client.post(
        "/org/delegations/",
        {
            "delegate": people.dept_head.pk,
            "starts_on": (FROZEN_TODAY + datetime.timedelta(days=4)).isoformat(),
            "ends_on": (FROZEN_TODAY + datetime.timedelta(days=9)).isoformat(),
            "reason": "出差",
        },
    )
    assert response.status_code == 302
    assert people.staff.delegations_given.get().delegate == people.dept_head
    client.force_login(people.sys_admin)
    html = client.get("/org/delegations/").content.decode()
    delegate = re.search(r'<select name="delegate"[^>]*>.*?</select>', html, re.S).group(0)
    assert "data-picker=" not in delegate
    assert "规划处长" in delegate
