"""Template administration: shipped defaults become version 1 of an agency's template on
first use; the system administrator edits a draft and publishes it as the next version.
Running instances keep the version they started with."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from govoa.audit.services import audit_denied, audit_record
from govoa.core.cached import cached
from govoa.core.errors import Conflict, NotFound, ValidationFailed
from govoa.flow import registry
from govoa.flow.definition import Vocabulary, parse, validate, with_node, without_node
from govoa.flow.duties import Labels, weaker_than
from govoa.flow.models import FlowTemplate
from govoa.flow.policies import can_manage_templates
from govoa.flow.workflow import TemplateStatus
from govoa.org.models import Agency, Person


def vocabulary_for(subject_type: str) -> Vocabulary:
    adapter = registry.subject_adapter(subject_type)
    return Vocabulary(
        predicates=registry.predicates_for(subject_type).keys(),
        scopes=adapter.scopes.keys(),
        people_fields=adapter.people_fields.keys(),
        parties=adapter.act_parties.keys(),
    )


def duty_labels(subject_type: str, definition: Any) -> Labels:
    adapter = registry.subject_adapter(subject_type)
    return Labels(definition, adapter.initiator_label, dict(adapter.act_parties))


def check_definition(
    subject_type: str, definition: dict[str, Any], code: str | None = None
) -> list[str]:
    """Every problem of a definition; with the template's ``code``, also the shipped
    default's separation-of-duties rules it would loosen."""
    try:
        parsed = parse(definition)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return [f"流程定义格式有误：{exc}"]
    problems = validate(parsed, vocabulary_for(subject_type))
    for check in registry.template_checks(subject_type):
        problems.extend(check(parsed))
    shipped = registry.default_templates().get(code or "")
    if shipped is not None and shipped.subject_type == subject_type:
        problems.extend(
            weaker_than(parsed, parse(shipped.definition), duty_labels(subject_type, parsed))
        )
    return problems


def published_key(agency_id: int, code: str) -> str:
    """The shared cache's name for an agency's published version of ``code`` (stamped afresh
    by every change of a template row: ``FlowConfig.ready``)."""
    return f"flow-template:{agency_id}:{code}"


def _published(agency_id: int, code: str) -> FlowTemplate | None:
    return FlowTemplate.objects.filter(
        agency_id=agency_id, code=code, status=TemplateStatus.PUBLISHED
    ).first()


def template_current(*, agency: Agency, code: str) -> FlowTemplate:
    """The published version in force; the shipped default becomes version 1 if the agency
    has none yet. A published version never changes, so it is kept in the shared cache
    until another is published (every flow started reads it)."""
    current = cached(published_key(agency.pk, code), lambda: _published(agency.pk, code))
    if current is not None:
        return current
    default = registry.default_templates().get(code)
    if default is None:
        raise NotFound(f"流程“{code}”不存在。")
    try:
        with transaction.atomic():
            return FlowTemplate.objects.create(
                agency=agency,
                code=code,
                name=default.name,
                subject_type=default.subject_type,
                version=1,
                status=TemplateStatus.PUBLISHED,
                definition=default.definition,
                published_at=timezone.now(),
            )
    except IntegrityError:  # another request created it first
        return FlowTemplate.objects.get(agency=agency, code=code, status=TemplateStatus.PUBLISHED)


def templates_ensure_defaults(*, agency: Agency) -> None:
    for code in registry.default_templates():
        template_current(agency=agency, code=code)


def _require_admin(actor: Person, verb: str) -> None:
    if not can_manage_templates(actor):
        raise audit_denied(
            action=f"flow.template.{verb}", actor=actor, reason="只有系统管理员可以修改流程模板。"
        )


def _existing_draft(agency: Agency, code: str) -> FlowTemplate | None:
    return (
        FlowTemplate.objects.select_for_update()
        .filter(agency=agency, code=code, status=TemplateStatus.DRAFT)
        .first()
    )


def template_draft(*, actor: Person, code: str) -> FlowTemplate:
    """The draft of ``code`` (created from the published version if there is none).
    Idempotent: a second request (a double click) gets the same draft, even when both ran at
    once and the other one created it between our look-up and our insert."""
    _require_admin(actor, "draft")
    with transaction.atomic():
        published = template_current(agency=actor.agency, code=code)
        draft = _existing_draft(actor.agency, code)
        if draft is not None:
            return draft
        latest = (
            FlowTemplate.objects.filter(agency=actor.agency, code=code)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
            or 0
        )
        try:
            with transaction.atomic():  # a savepoint: the transaction survives a clash
                draft = FlowTemplate.objects.create(
                    agency=actor.agency,
                    code=code,
                    name=published.name,
                    subject_type=published.subject_type,
                    version=latest + 1,
                    status=TemplateStatus.DRAFT,
                    definition=published.definition,
                    created_by=actor,
                )
        except IntegrityError as exc:
            # The other request committed its draft first (one draft per code): use it.
            draft = _existing_draft(actor.agency, code)
            if draft is None:  # the clash was a version published meanwhile
                raise Conflict("流程模板刚被修改，请刷新后重试。") from exc
            return draft
        audit_record(
            action="flow.template.draft",
            actor=actor,
            obj=draft,
            details={"code": code, "version": draft.version},
        )
    return draft


def template_draft_save(
    *, actor: Person, draft_id: int, definition: dict[str, Any], name: str | None = None
) -> tuple[FlowTemplate, list[str]]:
    """Save a draft's definition; returns the problems found (saving is allowed with
    problems, publishing is not)."""
    _require_admin(actor, "edit")
    with transaction.atomic():
        draft = (
            FlowTemplate.objects.select_for_update()
            .filter(pk=draft_id, agency=actor.agency)
            .first()
        )
        if draft is None:
            raise NotFound()
        if draft.status != TemplateStatus.DRAFT:
            raise Conflict("只能修改草稿；已发布的版本不能修改。")
        try:
            parse(definition)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValidationFailed(f"流程定义格式有误：{exc}") from exc
        draft.definition = definition
        if name:
            draft.name = name.strip()[:100]
        draft.created_by = actor
        draft.save(update_fields=["definition", "name", "created_by"])
        audit_record(
            action="flow.template.edit",
            actor=actor,
            obj=draft,
            details={"code": draft.code, "version": draft.version},
        )
    return draft, check_definition(draft.subject_type, definition, draft.code)


def template_publish(*, actor: Person, draft_id: int) -> FlowTemplate:
    _require_admin(actor, "publish")
    with transaction.atomic():
        draft = (
            FlowTemplate.objects.select_for_update()
            .filter(pk=draft_id, agency=actor.agency)
            .first()
        )
        if draft is None:
            raise NotFound()
        if draft.status != TemplateStatus.DRAFT:
            raise Conflict("该版本已经发布。")
        problems = check_definition(draft.subject_type, draft.definition, draft.code)
        if problems:
            raise ValidationFailed(
                "流程有问题，不能发布：" + "；".join(problems), fields={"definition": problems}
            )
        FlowTemplate.objects.filter(
            agency=actor.agency, code=draft.code, status=TemplateStatus.PUBLISHED
        ).update(status=TemplateStatus.RETIRED)
        draft.status = TemplateStatus.PUBLISHED
        draft.published_at = timezone.now()
        draft.save(update_fields=["status", "published_at"])
        audit_record(
            action="flow.template.publish",
            actor=actor,
            obj=draft,
            details={"code": draft.code, "version": draft.version},
        )
    return draft


def template_draft_discard(*, actor: Person, draft_id: int) -> None:
    _require_admin(actor, "discard")
    with transaction.atomic():
        draft = (
            FlowTemplate.objects.select_for_update()
            .filter(pk=draft_id, agency=actor.agency, status=TemplateStatus.DRAFT)
            .first()
        )
        if draft is None:
            raise NotFound()
        audit_record(
            action="flow.template.discard",
            actor=actor,
            obj=draft,
            details={"code": draft.code, "version": draft.version},
        )
        draft.delete()


def _draft_definition(actor: Person, draft_id: int) -> FlowTemplate:
    draft = FlowTemplate.objects.filter(pk=draft_id, agency=actor.agency).first()
    if draft is None:
        raise NotFound()
    if draft.status != TemplateStatus.DRAFT:
        raise Conflict("只能修改草稿；已发布的版本不能修改。")
    return draft


def template_node_save(
    *, actor: Person, draft_id: int, original_key: str | None, node: dict[str, Any]
) -> tuple[FlowTemplate, list[str]]:
    """Add a node (``original_key`` None) or replace one in a draft."""
    _require_admin(actor, "edit")
    draft = _draft_definition(actor, draft_id)
    keys = [n["key"] for n in draft.definition.get("nodes", [])]
    if original_key is not None and original_key not in keys:
        raise NotFound()
    if node["key"] != original_key and node["key"] in keys:
        raise ValidationFailed(fields={"key": [f"节点代码“{node['key']}”已存在。"]})
    return template_draft_save(
        actor=actor, draft_id=draft.pk, definition=with_node(draft.definition, original_key, node)
    )


def template_node_delete(
    *, actor: Person, draft_id: int, key: str
) -> tuple[FlowTemplate, list[str]]:
    _require_admin(actor, "edit")
    draft = _draft_definition(actor, draft_id)
    return template_draft_save(
        actor=actor, draft_id=draft.pk, definition=without_node(draft.definition, key)
    )


def template_set_start(*, actor: Person, draft_id: int, key: str) -> tuple[FlowTemplate, list[str]]:
    _require_admin(actor, "edit")
    draft = _draft_definition(actor, draft_id)
    if key not in [n["key"] for n in draft.definition.get("nodes", [])]:
        raise ValidationFailed(fields={"start": ["节点不存在。"]})
    return template_draft_save(
        actor=actor, draft_id=draft.pk, definition={**draft.definition, "start": key}
    )
