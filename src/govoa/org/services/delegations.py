"""代理 (delegation) for a date range."""

import datetime

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import TransitionNotAllowed, ValidationFailed
from govoa.org.models import Delegation, Person
from govoa.org.policies import can_manage_delegation, can_revoke_delegation, may_handle_business


def delegation_create(
    *,
    actor: Person,
    principal: Person,
    delegate: Person,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str,
) -> Delegation:
    if not can_manage_delegation(actor, principal):
        raise audit_denied(
            action="org.delegation.create",
            actor=actor,
            obj=principal,
            reason="只能为自己设置代理，或由系统管理员设置；“三员”不办理业务，不设代理。",
        )
    errors: dict[str, list[str]] = {}
    if delegate.pk == principal.pk:
        errors["delegate"] = ["代理人不能是本人。"]
    elif delegate.agency_id != principal.agency_id or not delegate.is_active:
        errors["delegate"] = ["代理人必须是本机关的在职人员。"]
    elif not may_handle_business(delegate):
        errors["delegate"] = ["“三员”不办理业务，不能担任代理人。"]
    if ends_on < starts_on:
        errors["ends_on"] = ["结束日期不能早于开始日期。"]
    if ends_on < timezone.localdate():
        errors["ends_on"] = ["结束日期已过。"]
    if not reason.strip():
        errors["reason"] = ["请填写代理事由。"]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        overlapping = (
            Delegation.objects.select_for_update()
            .overlapping(starts_on, ends_on)
            .filter(principal=principal)
        )
        if overlapping.exists():
            raise ValidationFailed(fields={"starts_on": ["该时间段已有代理，请先撤销原代理。"]})
        delegation = Delegation.objects.create(
            principal=principal,
            delegate=delegate,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason.strip(),
            created_by=actor,
        )
        audit_record(
            action="org.delegation.create",
            actor=actor,
            obj=delegation,
            agency_id=principal.agency_id,
            details={
                "principal": principal.real_name,
                "delegate": delegate.real_name,
                "starts_on": str(starts_on),
                "ends_on": str(ends_on),
            },
        )
    return delegation


def delegation_revoke(*, actor: Person, delegation: Delegation) -> Delegation:
    if not can_revoke_delegation(actor, delegation.principal):
        raise audit_denied(
            action="org.delegation.revoke",
            actor=actor,
            obj=delegation,
            reason="只能撤销自己的代理，或由系统管理员撤销。",
        )
    with transaction.atomic():
        delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
        if delegation.revoked_at is not None:
            raise TransitionNotAllowed("该代理已经撤销。")
        delegation.revoked_at = timezone.now()
        delegation.save(update_fields=["revoked_at"])
        audit_record(
            action="org.delegation.revoke",
            actor=actor,
            obj=delegation,
            agency_id=delegation.principal.agency_id,
        )
    return delegation
