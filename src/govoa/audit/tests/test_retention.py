"""Audit retention: events younger than 180 days are never purged; older ones are purged as a
prefix of the chain, which then still verifies from a signed anchor; a cut prefix without a
genuine anchor is detected."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction

from govoa.audit.chain import chain_pending
from govoa.audit.checkpoints import checkpoint_create
from govoa.audit.models import AuditChainLink, AuditEvent, AuditPurge
from govoa.audit.retention import audit_purge
from govoa.audit.services import audit_record
from govoa.audit.verify import verify_chain
from govoa.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def law_minimum(settings):
    settings.GOVOA_AUDIT_RETENTION_DAYS = 180  # the default keeps a year


def _events_at(moment, n, time_machine):
    time_machine.move_to(moment)
    for i in range(n):
        audit_record(action="test.event", details={"i": i})
    chain_pending()
    checkpoint_create()


def test_younger_events_are_refused(settings):
    from django.utils import timezone

    with pytest.raises(ValidationFailed, match="至少保存 180 天"):
        audit_purge(before=timezone.now() - datetime.timedelta(days=179))
    settings.GOVOA_AUDIT_RETENTION_DAYS = 30  # a setting below the law's minimum does not count
    with pytest.raises(ValidationFailed, match="至少保存 180 天"):
        audit_purge(before=timezone.now() - datetime.timedelta(days=100))
    with pytest.raises(CommandError, match="至少保存 180 天"):
        call_command("audit_purge", "--before", f"{timezone.localdate():%Y-%m-%d}")


def test_old_events_are_purged_and_the_chain_still_verifies(time_machine):
    from django.utils import timezone

    now = timezone.now()
    _events_at(now - datetime.timedelta(days=400), 5, time_machine)
    _events_at(now - datetime.timedelta(days=200), 4, time_machine)
    _events_at(now - datetime.timedelta(days=10), 3, time_machine)
    time_machine.move_to(now)
    assert verify_chain().ok
    result = audit_purge(before=now - datetime.timedelta(days=300))
    assert result.events == 5
    assert result.up_to_seq == 5
    assert not AuditChainLink.objects.filter(seq__lte=5).exists()
    assert AuditEvent.objects.filter(action="test.event").count() == 7
    chain_pending()
    checkpoint_create()
    verified = verify_chain()
    assert verified.ok, verified.describe()
    # Again, up to 180 days: the events of 200 days ago go too, the recent ones stay.
    assert audit_purge(before=now - datetime.timedelta(days=180)).events == 4
    assert AuditEvent.objects.filter(action="test.event").count() == 3
    assert AuditEvent.objects.filter(action="audit.purge").count() == 2
    chain_pending()
    assert verify_chain().ok


def test_a_forged_anchor_or_a_cut_prefix_is_detected(time_machine):
    from django.utils import timezone

    now = timezone.now()
    _events_at(now - datetime.timedelta(days=400), 4, time_machine)
    _events_at(now - datetime.timedelta(days=1), 2, time_machine)
    time_machine.move_to(now)
    audit_purge(before=now - datetime.timedelta(days=300))
    chain_pending()
    assert verify_chain().ok
    if connection.vendor == "postgresql":
        with pytest.raises((IntegrityError, InternalError, ProgrammingError)), transaction.atomic():
            AuditPurge.objects.update(mac="0" * 64)  # the anchors are append-only too
        with pytest.raises((IntegrityError, InternalError, ProgrammingError)), transaction.atomic():
            AuditEvent.objects.filter(action="test.event").delete()  # no purge flag: refused
        return
    AuditPurge.objects.update(mac="0" * 64)
    result = verify_chain()
    assert not result.ok
    assert "清理记录" in result.reason


def test_a_prefix_cut_without_an_anchor_is_detected(time_machine):
    if connection.vendor == "postgresql":
        pytest.skip("the trigger refuses the deletion itself on PostgreSQL")
    from django.utils import timezone

    _events_at(timezone.now() - datetime.timedelta(days=400), 4, time_machine)
    AuditChainLink.objects.filter(seq__lte=2).delete()
    result = verify_chain()
    assert not result.ok
