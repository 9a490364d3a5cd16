"""Token lookups kept in the cache (ADR 0011): no query per request while nothing changed, and
every revocation refuses the very next request although the token's entry is still in the
cache."""

import datetime
import hashlib

import pytest
from django.core.cache import cache
from django.utils import timezone

from govoa.accounts import token_cache
from govoa.accounts.models import ApiToken
from govoa.accounts.services import password_change, token_authenticate, token_issue, token_revoke
from govoa.core.vocabulary import Classification, Role
from govoa.org.models import PersonStatus
from govoa.org.services.people import person_set_status
from govoa.org.services.roles import clearance_set, role_grant, role_revoke
from govoa.org.stamps import person_stamp_key
from govoa.testing.factories import TEST_PASSWORD
from govoa.testing.queries import query_count

ME = "/api/v1/me"


def _bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def _entry(raw):
    return cache.get(f"govoa:token:{hashlib.sha256(raw.encode()).hexdigest()}")


def test_a_cached_token_costs_no_query_and_its_use_is_still_noted(people, time_machine):
    token, raw = token_issue(person=people.registrar, name="脚本")
    start = timezone.now()
    assert token_authenticate(raw) == people.registrar  # fills the cache, notes the use
    noted = ApiToken.objects.get(pk=token.pk).last_used_at
    time_machine.move_to(start + datetime.timedelta(seconds=30))
    assert query_count(lambda: token_authenticate(raw)) == 0
    person = token_authenticate(raw)
    # The person comes with their roles: checking them costs no query either.
    assert query_count(lambda: person.has_role(Role.REGISTRAR)) == 0
    assert person.has_role(Role.REGISTRAR)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == noted
    time_machine.move_to(start + datetime.timedelta(seconds=90))
    assert query_count(lambda: token_authenticate(raw)) == 1  # the note, once a minute
    latest = ApiToken.objects.get(pk=token.pk).last_used_at
    assert latest is not None
    assert noted is not None
    assert latest > noted
    # The idle timeout counts from the last noted use, as without the cache.
    time_machine.move_to(start + datetime.timedelta(minutes=100))
    with pytest.raises(Exception, match="未使用"):
        token_authenticate(raw)


def test_the_cached_person_carries_no_password_hash(people):
    _token, raw = token_issue(person=people.staff, name="脚本")
    token_authenticate(raw)
    entry = _entry(raw)
    assert entry is not None
    assert "password" not in entry.person.__dict__


def _revocations(people):
    staff = people.staff
    return {
        "password": lambda: password_change(
            person=staff, old_password=TEST_PASSWORD, new_password="Neu#Passw0rd2026"
        ),
        "deactivation": lambda: person_set_status(
            actor=people.sys_admin, person=staff, status=PersonStatus.TRANSFERRED
        ),
        "role": lambda: role_revoke(actor=people.sec_admin, person=staff, role=Role.REGISTRAR),
        "clearance": lambda: clearance_set(
            actor=people.sec_admin, person=staff, clearance=Classification.NONE
        ),
        "token": lambda: token_revoke(
            person=staff, token_id=ApiToken.objects.filter(person=staff).get().pk
        ),
    }


@pytest.mark.parametrize("how", ["password", "deactivation", "role", "clearance", "token"])
def test_a_revocation_refuses_the_next_request_although_the_entry_is_cached(
    client, people, how, django_capture_on_commit_callbacks
):
    role_grant(actor=people.sec_admin, person=people.staff, role=Role.REGISTRAR)
    clearance_set(actor=people.sec_admin, person=people.staff, clearance=Classification.SECRET)
    _token, raw = token_issue(person=people.staff, name="脚本")
    assert client.get(ME, headers=_bearer(raw)).status_code == 200
    cached = _entry(raw)
    assert cached is not None
    with django_capture_on_commit_callbacks(execute=True):
        _revocations(people)[how]()
    # The old entry is still there, as in a cache no revocation reached …
    assert _entry(raw) == cached
    # … and the very next request is refused.
    assert client.get(ME, headers=_bearer(raw)).status_code == 401


def test_an_entry_filled_before_a_revocation_committed_is_not_believed(people):
    """A lookup that read the database while the revocation was not yet committed stores its
    entry under the stamps it read first; the revocation's commit changes them again."""
    _token, raw = token_issue(person=people.staff, name="脚本")
    assert token_authenticate(raw) == people.staff
    stale = _entry(raw)
    # The revocation's first bump, then (as if by a concurrent request) the stale data
    # stored again under the new stamp, then the bump at commit.
    cache.set(person_stamp_key(people.staff.pk), "after-first-bump", timeout=None)
    token_cache.store(
        hashlib.sha256(raw.encode()).hexdigest(),
        token_cache.CachedToken(
            **{**stale.__dict__, "stamps": ("after-first-bump", stale.stamps[1])}
        ),
        timezone.now(),
    )
    ApiToken.objects.filter(person=people.staff).update(revoked_at=timezone.now())
    cache.set(person_stamp_key(people.staff.pk), "at-commit", timeout=None)
    assert token_authenticate(raw) is None


def test_a_lost_cache_costs_a_lookup_and_revives_nothing(client, people):
    _token, raw = token_issue(person=people.staff, name="脚本")
    assert client.get(ME, headers=_bearer(raw)).status_code == 200
    ApiToken.objects.filter(person=people.staff).update(revoked_at=timezone.now())
    cache.delete(person_stamp_key(people.staff.pk))  # evicted: a new stamp is made
    assert client.get(ME, headers=_bearer(raw)).status_code == 401


def test_new_rights_and_names_show_at_once(client, people, django_capture_on_commit_callbacks):
    _token, raw = token_issue(person=people.staff, name="脚本")
    assert client.get(ME, headers=_bearer(raw)).json()["roles"] == []
    with django_capture_on_commit_callbacks(execute=True):
        role_grant(actor=people.sec_admin, person=people.staff, role=Role.REGISTRAR)
    me = client.get(ME, headers=_bearer(raw)).json()
    assert [r["code"] for r in me["roles"]] == [Role.REGISTRAR]
    people.planning.name = "发展规划处"
    people.planning.save()
    assert client.get(ME, headers=_bearer(raw)).json()["department"]["name"] == "发展规划处"


def test_without_the_cache_every_request_reads_the_database(people, settings):
    settings.GOVOA_CACHE_SHARED = False
    _token, raw = token_issue(person=people.staff, name="脚本")
    token_authenticate(raw)
    assert query_count(lambda: token_authenticate(raw)) == 1
    assert _entry(raw) is None
