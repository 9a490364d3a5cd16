"""Stamps in the cache that say when what a cached credential rests on last changed.

A cached API token lookup (``accounts/token_cache.py``) keeps the person it resolved to —
with their agency, department and roles — and is believed only while the stamps it was
filled under are still the current ones. Every change that matters changes a stamp: the
person's own (their row, their roles, ``credentials_revoke``) or the organisation's (any
agency or department). A stamp is changed at once *and* again when the writing transaction
commits: a lookup filled from the database in between (which still saw the old rows) then
carries a stamp that is no longer current, so it is never believed after the commit.

A missing stamp (never set, evicted, cache cleared) is created afresh, which makes every
entry filled under the old one stale: losing the cache can only cost lookups, never revive a
revoked credential. The cache must be shared by every server process that answers requests
(Redis in production); the per-process default is right only for the one-process embedded
mode."""

import secrets
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

ORG_STAMP = "govoa:stamp:org"
# Stamps outlive any entry that names them (a token's lifetime is at most a few months).
_FOREVER = None


def person_stamp_key(person_id: int) -> str:
    return f"govoa:stamp:person:{person_id}"


def stamps_current(person_id: int) -> tuple[str, str]:
    """The person's stamp and the organisation's, created if missing (one cache round trip
    when both exist)."""
    keys = (person_stamp_key(person_id), ORG_STAMP)
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(8), timeout=_FOREVER)
            found[key] = cache.get(key)
    return found[keys[0]], found[keys[1]]


def _bump(key: str) -> None:
    cache.set(key, secrets.token_hex(8), timeout=_FOREVER)


def _bump_now_and_on_commit(key: str) -> None:
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def person_stamp_bump(person_id: int) -> None:
    """Something the person's cached credentials rest on changed (call it in the changing
    transaction)."""
    _bump_now_and_on_commit(person_stamp_key(person_id))


def org_stamp_bump() -> None:
    _bump_now_and_on_commit(ORG_STAMP)


def _person_changed(sender: object, instance: Any, **kwargs: object) -> None:
    person_stamp_bump(instance.pk)


def _role_changed(sender: object, instance: object, **kwargs: object) -> None:
    person_id = getattr(instance, "person_id", None)  # a Department, from the reverse side
    if person_id is None:
        org_stamp_bump()
    else:
        person_stamp_bump(person_id)


def _org_changed(sender: object, instance: object, **kwargs: object) -> None:
    org_stamp_bump()


def connect() -> None:
    """Watch the rows a cached credential rests on (``OrgConfig.ready``). ``QuerySet.update``
    sends no signal: whoever updates those rows in bulk bumps the stamp itself (as
    ``credentials_revoke`` does)."""
    from govoa.org.models import Agency, Department, Person, RoleAssignment

    for signal in (post_save, post_delete):
        signal.connect(_person_changed, sender=Person, dispatch_uid="stamp-person")
        signal.connect(_role_changed, sender=RoleAssignment, dispatch_uid="stamp-role")
        signal.connect(_org_changed, sender=Agency, dispatch_uid="stamp-agency")
        signal.connect(_org_changed, sender=Department, dispatch_uid="stamp-department")
    m2m_changed.connect(
        _role_changed, sender=RoleAssignment.departments.through, dispatch_uid="stamp-role-dept"
    )
