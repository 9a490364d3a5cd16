"""制度文件库: a rule is proposed with its first version, revised, or repealed — each a
``RuleVersion`` approved on the engine (``rule_revision``: the principal leader, never the
one who asked); the approval publishes it (the earlier version is superseded)."""

import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.flow.services.acts import flow_start
from govoa.handbook.models import Rule, RuleVersion
from govoa.handbook.policies import can_manage_rules
from govoa.handbook.workflow import (
    REVISION_FLOW,
    RuleCategory,
    RuleStatus,
    VersionKind,
    VersionStatus,
)
from govoa.org.models import Person

CODE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
MAX_BODY = 100_000


@dataclass(frozen=True)
class RevisionData:
    version: str
    effective_on: datetime.date
    body: str
    change_note: str


def _refuse_unless_keeper(actor: Person, action: str) -> None:
    if not can_manage_rules(actor):
        raise audit_denied(action=action, actor=actor, reason="只有办公室主任可以提请制度修订。")


def _checked(data: RevisionData, *, kind: str) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not data.version.strip() or len(data.version) > 30:
        problems["version"] = ["请填写版本（不超过 30 字）。"]
    if kind == VersionKind.REVISE and (not data.body.strip() or len(data.body) > MAX_BODY):
        problems["body"] = ["请填写正文（每行一条，不超过 10 万字）。"]
    if not data.change_note.strip() or len(data.change_note) > 300:
        problems["change_note"] = ["请填写修订说明（不超过 300 字）。"]
    return problems


def _ask(actor: Person, rule: Rule, data: RevisionData, kind: str) -> RuleVersion:
    if rule.versions.filter(status=VersionStatus.REVIEWING).exists():
        raise TransitionNotAllowed(f"“{rule.title}”已有审批中的修订。")
    version = RuleVersion.objects.create(
        rule=rule,
        kind=kind,
        version=data.version.strip(),
        effective_on=data.effective_on,
        body=data.body.strip(),
        change_note=data.change_note.strip(),
        requester=actor,
    )
    flow_start(actor=actor, code=REVISION_FLOW, subject=version)
    audit_record(
        action=f"handbook.rule.{kind}",
        actor=actor,
        obj=version,
        details={"rule_id": rule.pk, "version": version.version},
    )
    return version


def rule_propose(
    *, actor: Person, code: str, title: str, category: str, data: RevisionData
) -> RuleVersion:
    """A new rule with its first version, sent for approval (the rule is 未发布 until then)."""
    _refuse_unless_keeper(actor, "handbook.rule.propose")
    problems = _checked(data, kind=VersionKind.REVISE)
    if not CODE.match(code):
        problems["code"] = ["制度代码应为小写字母开头的字母、数字、连字符（2–40 位）。"]
    if not title.strip() or len(title) > 200:
        problems["title"] = ["请填写制度名称（不超过 200 字）。"]
    if category not in RuleCategory.values:
        problems["category"] = ["类别无效。"]
    if problems:
        raise ValidationFailed(fields=problems)
    with transaction.atomic():
        if Rule.objects.filter(agency_id=actor.agency_id, code=code).exists():
            raise ValidationFailed(fields={"code": ["制度代码已被使用。"]})
        rule = Rule.objects.create(
            agency_id=actor.agency_id, code=code, title=title.strip(), category=category
        )
        return _ask(actor, rule, data, VersionKind.REVISE)


def _locked_rule(actor: Person, rule_id: int) -> Rule:
    rule = Rule.objects.select_for_update().filter(pk=rule_id, agency_id=actor.agency_id).first()
    if rule is None:
        raise NotFound()
    return rule


def rule_revise(*, actor: Person, rule_id: int, data: RevisionData) -> RuleVersion:
    """修订 (the handbook's yearly revision): a new version sent for approval."""
    _refuse_unless_keeper(actor, "handbook.rule.revise")
    problems = _checked(data, kind=VersionKind.REVISE)
    if problems:
        raise ValidationFailed(fields=problems)
    with transaction.atomic():
        rule = _locked_rule(actor, rule_id)
        if rule.status == RuleStatus.REPEALED:
            raise TransitionNotAllowed(f"“{rule.title}”已废止，不能修订。")
        return _ask(actor, rule, data, VersionKind.REVISE)


def rule_repeal(
    *, actor: Person, rule_id: int, effective_on: datetime.date, reason: str
) -> RuleVersion:
    """废止: asked like a revision, approved the same way."""
    _refuse_unless_keeper(actor, "handbook.rule.repeal")
    with transaction.atomic():
        rule = _locked_rule(actor, rule_id)
        if rule.status != RuleStatus.CURRENT or rule.current is None:
            raise TransitionNotAllowed(f"“{rule.title}”不是现行制度，不能废止。")
        data = RevisionData(rule.current.version, effective_on, "", reason)
        problems = _checked(data, kind=VersionKind.REPEAL)
        if problems:
            raise ValidationFailed(fields=problems)
        return _ask(actor, rule, data, VersionKind.REPEAL)


def rule_version_publish(version: RuleVersion) -> None:
    """On approval (inside the approving act): the version becomes the rule's current one,
    the one before is superseded; a 废止 ends the rule."""
    rule = Rule.objects.select_for_update().get(pk=version.rule_id)
    if version.kind == VersionKind.REPEAL:
        rule.status = RuleStatus.REPEALED
        version.status = VersionStatus.PUBLISHED
        rule.versions.filter(status=VersionStatus.PUBLISHED).exclude(pk=version.pk).update(
            status=VersionStatus.SUPERSEDED, updated_at=timezone.now()
        )
    else:
        rule.versions.filter(status=VersionStatus.PUBLISHED).update(
            status=VersionStatus.SUPERSEDED, updated_at=timezone.now()
        )
        version.status = VersionStatus.PUBLISHED
        rule.status, rule.current = RuleStatus.CURRENT, version
    version.save(update_fields=["status", "updated_at"])
    rule.save(update_fields=["status", "current", "updated_at"])
    audit_record(
        action="handbook.rule.publish",
        actor=version.approved_by,
        obj=rule,
        details={"version_id": version.pk, "kind": version.kind, "status": rule.status},
    )
