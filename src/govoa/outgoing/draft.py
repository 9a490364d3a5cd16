"""What a drafter writes in a 发文 (the editor, the API and the services share it)."""

from dataclasses import dataclass, field, fields

from govoa.core.vocabulary import Classification
from govoa.documents.vocabulary import Direction, Publicity, Urgency


@dataclass
class Draft:
    category_id: int
    doc_type: str
    title: str
    direction: str = Direction.DOWNWARD
    recipients: str = ""
    body: str = ""
    cc: str = ""
    note: str = ""
    distribution_scope: str = ""
    copies: int = 10
    classification: int = Classification.NONE
    secrecy_period: str = ""
    urgency: str = Urgency.NORMAL
    publicity: str = Publicity.ON_REQUEST
    publicity_reason: str = ""
    important: bool = False
    needs_legal_review: bool = False
    countersign_department_ids: list[int] = field(default_factory=list)


# The document's own columns a draft sets (the countersigning departments are a relation).
EDITABLE = [f.name for f in fields(Draft) if f.name != "countersign_department_ids"]
