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
    # 联合行文: the co-issuing agencies in order (the lead, this agency, comes first), and
    # whether the 版头 shows every agency's name (联合发文机关标志) or the lead's alone.
    co_issuer_ids: list[int] = field(default_factory=list)
    joint_header: bool = True


# The document's own columns a draft sets (departments and co-issuers are relations).
RELATIONS = {"countersign_department_ids", "co_issuer_ids"}
EDITABLE = [f.name for f in fields(Draft) if f.name not in RELATIONS]
