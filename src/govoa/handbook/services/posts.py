"""岗位职责清单: a post per role (its holders are whoever holds the role), and its duty list,
drafted by the office head and approved on the engine (``post_duties``: the principal leader,
never the one who drafted it), published in numbered versions (the earlier ones kept)."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Role
from govoa.flow.services.acts import flow_start
from govoa.handbook.models import Post, PostDutyVersion
from govoa.handbook.policies import can_manage_rules
from govoa.handbook.workflow import DUTIES_FLOW, VersionStatus, clauses_of
from govoa.org.models import Person


def _refuse_unless_keeper(actor: Person, action: str) -> None:
    if not can_manage_rules(actor):
        raise audit_denied(action=action, actor=actor, reason="只有办公室主任可以维护岗位职责。")


def post_create(*, actor: Person, name: str, role: str) -> Post:
    _refuse_unless_keeper(actor, "handbook.post.create")
    problems: dict[str, list[str]] = {}
    if not name.strip() or len(name) > 50:
        problems["name"] = ["请填写岗位名称（不超过 50 字）。"]
    if role not in Role.values or role in SECURITY_ADMIN_ROLES:
        problems["role"] = ["请选择对应的业务角色。"]
    if problems:
        raise ValidationFailed(fields=problems)
    with transaction.atomic():
        if Post.objects.filter(agency_id=actor.agency_id, role=role).exists():
            raise ValidationFailed(fields={"role": ["该角色已有对应岗位。"]})
        post = Post.objects.create(agency_id=actor.agency_id, name=name.strip(), role=role)
        audit_record(action="handbook.post.create", actor=actor, obj=post, details={"role": role})
    return post


def post_duties_propose(
    *, actor: Person, post_id: int, duties: str, effective_on: datetime.date
) -> PostDutyVersion:
    """A new duty list for the post, sent for approval on the engine (``post_duties``: the
    principal leader, never the one who drafted it); published when approved."""
    _refuse_unless_keeper(actor, "handbook.post.propose")
    lines = clauses_of(duties)
    if not lines or len(lines) > 50 or any(len(line) > 300 for line in lines):
        raise ValidationFailed(fields={"duties": ["请填写职责，每行一项（不超过 50 项）。"]})
    with transaction.atomic():
        post = (
            Post.objects.select_for_update().filter(pk=post_id, agency_id=actor.agency_id).first()
        )
        if post is None:
            raise NotFound()
        if post.versions.filter(status=VersionStatus.REVIEWING).exists():
            raise TransitionNotAllowed(f"“{post.name}”已有审批中的职责清单。")
        if post.current is not None and post.current.lines == lines:
            raise ValidationFailed(fields={"duties": ["职责清单与现行版本相同，无需重新发布。"]})
        version = PostDutyVersion.objects.create(
            post=post,
            duties="\n".join(lines),
            effective_on=effective_on,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        flow_start(actor=actor, code=DUTIES_FLOW, subject=version)
        audit_record(
            action="handbook.post.propose",
            actor=actor,
            obj=post,
            details={"version_id": version.pk, "items": len(lines)},
        )
    return version


def post_duties_publish(version: PostDutyVersion) -> None:
    """On approval (inside the approving act): the list gets the next number and becomes the
    post's current one; the one before is superseded."""
    post = Post.objects.select_for_update().get(pk=version.post_id)
    post.versions.filter(status=VersionStatus.PUBLISHED).update(status=VersionStatus.SUPERSEDED)
    last = post.versions.aggregate(n=Max("number"))["n"] or 0
    version.number, version.status = last + 1, VersionStatus.PUBLISHED
    version.save(update_fields=["number", "status"])
    post.current = version
    post.save(update_fields=["current", "updated_at"])
    audit_record(
        action="handbook.post.publish",
        actor=version.approved_by,
        obj=post,
        details={"version_id": version.pk, "number": version.number, "items": len(version.lines)},
    )
