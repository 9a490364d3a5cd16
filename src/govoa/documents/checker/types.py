"""What the format checker reads (``CheckInput``) and what it reports (``Finding``, ``Rule``)."""

from dataclasses import dataclass
from enum import StrEnum

from govoa.documents.structure import OfficialDocument
from govoa.documents.vocabulary import Direction, DocType


class Stage(StrEnum):
    """When the checker runs. Before numbering (``draft``) the 发文字号, 成文日期, 签发人 and
    署名 may still be empty; at 核稿 (``review``) and before printing (``final``) they may not.
    Elements only known at printing (份号, 印发机关和印发日期) are required at ``final`` only."""

    DRAFT = "draft"
    REVIEW = "review"
    FINAL = "final"


class Severity(StrEnum):
    ERROR = "error"  # the document does not follow the rule
    WARNING = "warning"  # probably wrong (a heuristic); a person decides


@dataclass(frozen=True, kw_only=True)
class CheckInput:
    """The document and what the checker needs beyond it.

    ``direction`` is a ``Direction`` value, ``doc_type`` a ``DocType`` value and
    ``classification_level`` a ``core.vocabulary.Classification`` value (0 非密, 1 内部,
    2 秘密, 3 机密, 4 绝密). ``raw_body`` is the 正文 as typed: when given, it is read instead of
    ``document.body`` so that punctuation and numbering are checked as the drafter wrote them.
    ``attachment_files`` are the names of the files actually attached. ``agency_code`` is the
    发文机关代字 the 发文字号 must start with (e.g. 测发改; empty: not checked).
    ``raw_attachment_note`` is the 附件说明 as typed ("附件：1. ……"), when the drafter types it;
    when empty, the names in ``document.attachments`` are checked and the renderer writes
    “附件：” and the numbers."""

    document: OfficialDocument
    direction: str
    doc_type: str
    stage: str
    classification_level: int = 0
    raw_body: str = ""
    attachment_files: tuple[str, ...] = ()
    agency_code: str = ""
    raw_attachment_note: str = ""

    def __post_init__(self) -> None:
        # These come from code, not from people: a wrong value is a programming error.
        if self.direction not in Direction.values:
            raise ValueError(f"unknown direction {self.direction!r}")
        if self.doc_type not in DocType.values:
            raise ValueError(f"unknown doc_type {self.doc_type!r}")
        if self.stage not in set(Stage):
            raise ValueError(f"unknown stage {self.stage!r}")
        if not 0 <= self.classification_level <= 4:
            raise ValueError(f"unknown classification_level {self.classification_level!r}")

    @property
    def numbered(self) -> bool:
        """Whether 发文字号, 成文日期 and the signatures must be there (核稿 and after)."""
        return self.stage != Stage.DRAFT


@dataclass(frozen=True)
class Rule:
    """One rule as documentation and the UI show it. ``note`` says where the source is
    uncertain (【待核】 in standards.md) or where the rule is a heuristic."""

    id: str
    title: str
    clause: str
    severity: Severity
    area: str  # 版头, 发文字号, 标题, 主送与抄送, 正文, 文字与标点, 附件说明, 署名与附注, 日期
    note: str = ""


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, where (``place``, e.g. 正文第3段), what is wrong and how to fix
    it (``message``, quoting the text), and the source (``clause``)."""

    rule: str
    severity: Severity
    place: str
    message: str
    clause: str
    note: str = ""
