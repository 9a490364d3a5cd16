"""修改稿 and 痕迹: the content of a 发文 after each save since submission, and the
differences between any two versions."""

import difflib
from dataclasses import dataclass
from typing import Any

from django.db import models

from govoa.org.models import Person
from govoa.outgoing.draft import EDITABLE
from govoa.outgoing.models import OutgoingDocument, OutgoingVersion

# Everything the drafter writes is part of a version: a change to any of it after 签发 is
# substantive and goes back to the signer (复核). Values are kept as shown to people.
VERSIONED_FIELDS = [name for name in EDITABLE if name != "category_id"]


def _field(name: str) -> models.Field:
    field = OutgoingDocument._meta.get_field(name)
    assert isinstance(field, models.Field)  # the document's own fields, not reverse relations
    return field


def _label(name: str) -> str:
    return str(_field(name).verbose_name)


LABELS = {
    "category": _label("category"),
    **{name: _label(name) for name in VERSIONED_FIELDS},
    "countersign_departments": _label("countersign_departments"),
    "co_issuers": "联署机关",
    "attachments": "附件",
}


def _shown(document: OutgoingDocument, name: str) -> Any:
    if _field(name).choices:
        return getattr(document, f"get_{name}_display")()
    value = getattr(document, name)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def content_of(document: OutgoingDocument) -> dict[str, Any]:
    content: dict[str, Any] = {"category": document.category.word}
    content |= {name: _shown(document, name) for name in VERSIONED_FIELDS}
    content["countersign_departments"] = [d.name for d in document.countersign_departments.all()]
    content["attachments"] = [a.name for a in document.attachments.all()]
    # A document loaded for an act knows whether it is joint: the names are read only then.
    joint = getattr(document, "is_joint", None)
    content["co_issuers"] = (
        []
        if joint is False
        else [c.agency.name for c in document.co_issuers.select_related("agency")]
    )
    return content


def differs(signed: dict[str, Any], document: OutgoingDocument) -> bool:
    """Whether the document's content is no longer the signed one (versions saved before a
    field was versioned are compared on the fields they hold)."""
    now = content_of(document)
    return any(now.get(name) != value for name, value in signed.items())


def snapshot(document: OutgoingDocument, actor: Person, *, node_name: str) -> OutgoingVersion:
    """Keep the text as it stands as the next version (call inside the saving transaction)."""
    document.version += 1
    document.save(update_fields=["version"])
    return OutgoingVersion.objects.create(
        document=document,
        number=document.version,
        snapshot=content_of(document),
        node_name=node_name,
        saved_by=actor,
    )


@dataclass(frozen=True)
class FieldDiff:
    label: str
    lines: list[tuple[str, str]]  # (" " | "-" | "+", text)


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """Line by line (the body) or whole (the rest): what was removed and what was added."""
    changes = []
    for name, label in LABELS.items():
        if name not in old or name not in new:
            continue  # a version saved before the field was versioned
        before, after = old[name], new[name]
        if before == after:
            continue
        before_lines = before if isinstance(before, list) else str(before).splitlines()
        after_lines = after if isinstance(after, list) else str(after).splitlines()
        lines = []
        for line in difflib.ndiff(before_lines, after_lines):
            if line[:1] in {"-", "+", " "} and line[2:].strip():
                lines.append((line[:1], line[2:]))
        changes.append(FieldDiff(label, lines))
    return changes
