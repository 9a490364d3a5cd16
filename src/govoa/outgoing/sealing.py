"""What 发文 tells the seals module (through ``documents.sealing``, never by import): a
document as a ``DocumentRef``, and the finder a 用印申请 uses to name a 发文."""

from typing import Any

from govoa.core.errors import NotFound
from govoa.documents.sealing import DocumentRef
from govoa.outgoing import selectors
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.policies import SUBJECT_TYPE


def document_ref(document: OutgoingDocument) -> DocumentRef:
    return DocumentRef(
        subject_type=SUBJECT_TYPE,
        pk=document.pk,
        title=document.title,
        number=document.number,
        url=f"/outgoing/{document.pk}/",
    )


def find_for_person(person: Any, pk: int) -> DocumentRef | None:
    """A 发文 the person may see, or None."""
    try:
        return document_ref(selectors.outgoing_get_for_person(person=person, pk=pk))
    except NotFound:
        return None
