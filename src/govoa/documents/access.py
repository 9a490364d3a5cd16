"""Taking a document out of the system — a download, a print, a typeset file — is audited
when the document is classified (秘密 and above, DESIGN §5)."""

from typing import Any

from django.db import models

from govoa.audit.services import audit_record
from govoa.core.vocabulary import Classification
from govoa.documents.files import open_stored
from govoa.documents.models import StoredFile
from govoa.org.models import Person


def audit_if_classified(
    *, actor: Person, document: models.Model, action: str, details: dict[str, Any]
) -> None:
    classification = getattr(document, "classification", Classification.NONE)
    if classification >= Classification.SECRET:
        audit_record(
            action=action,
            actor=actor,
            obj=document,
            details={**details, "classification": classification},
        )


def stored_download(
    *, actor: Person, stored: StoredFile, document: models.Model, action: str
) -> bytes:
    """The bytes of a file of ``document`` that the actor may see (checked by the caller)."""
    with open_stored(stored) as handle:
        content: bytes = handle.read()
    audit_if_classified(
        actor=actor,
        document=document,
        action=action,
        details={"file": stored.name, "sha256": stored.sha256},
    )
    return content
