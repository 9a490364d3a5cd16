"""Which 代理 is in force: one definition (``Delegation.objects.active_on``) behind routing,
acting for someone, and the workbench notice (``web/tests/test_workbench.py``)."""

import datetime

from django.utils import timezone

from govoa.org.models import Delegation, PersonStatus
from govoa.org.selectors import delegate_for, delegators_of
from govoa.org.services.delegations import delegation_create, delegation_revoke

DAY = datetime.timedelta(days=1)


def test_active_on_is_inclusive_of_both_ends_and_skips_revoked(people):
    today = timezone.localdate()
    running = delegation_create(
        actor=people.dept_head,
        principal=people.dept_head,
        delegate=people.staff,
        starts_on=today,
        ends_on=today + 2 * DAY,
        reason="出差",
    )
    later = delegation_create(
        actor=people.registrar,
        principal=people.registrar,
        delegate=people.staff,
        starts_on=today + DAY,
        ends_on=today + DAY,
        reason="休假",
    )
    assert list(Delegation.objects.active_on(today)) == [running]
    assert set(Delegation.objects.active_on(today + DAY)) == {running, later}
    assert list(Delegation.objects.active_on(today + 2 * DAY)) == [running]
    assert not Delegation.objects.active_on(today + 3 * DAY).exists()
    assert list(Delegation.objects.active_on()) == [running]  # today by default
    delegation_revoke(actor=people.dept_head, delegation=running)
    assert not Delegation.objects.active_on(today).exists()
    assert delegate_for(people.dept_head, today) is None
    assert delegators_of(people.staff, today + DAY) == [people.registrar.pk]


def test_someone_who_left_neither_acts_nor_is_acted_for(people):
    today = timezone.localdate()
    delegation_create(
        actor=people.dept_head,
        principal=people.dept_head,
        delegate=people.staff,
        starts_on=today,
        ends_on=today,
        reason="出差",
    )
    assert delegate_for(people.dept_head) == people.staff
    assert delegators_of(people.staff) == [people.dept_head.pk]
    people.staff.status = PersonStatus.TRANSFERRED
    people.staff.save(update_fields=["status"])
    assert delegate_for(people.dept_head) is None
