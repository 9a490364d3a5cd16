"""复文 drafted for a 收文 (through ``documents.replies``, never by import): the 文种 asked
for, 主送 the asking agency, the opening citing the question (title, then number)."""

from govoa.documents.replies import (
    DraftedAnswer,
    ReplyRequest,
    answer_title,
    opening,
    register_drafter,
)
from govoa.documents.vocabulary import Direction, DocType
from govoa.outgoing.draft import Draft
from govoa.outgoing.models import DocumentCategory
from govoa.outgoing.policies import SUBJECT_TYPE
from govoa.outgoing.services.drafting import outgoing_create
from govoa.outgoing.workflow import Layout


def _category(agency_id: int, doc_type: str) -> int:
    """A 批复 goes out in 文件格式, a 复函 in 信函格式 (the first active category of it)."""
    wanted = Layout.LETTER if doc_type == DocType.LETTER else Layout.STANDARD
    categories = DocumentCategory.objects.filter(agency_id=agency_id, is_active=True)
    category = categories.filter(layout=wanted).first() or categories.first()
    return category.pk if category else 0


def draft_reply(request: ReplyRequest) -> DraftedAnswer:
    title = answer_title(request.question_title, request.doc_type)
    document, _created = outgoing_create(
        actor=request.actor,
        data=Draft(
            category_id=_category(request.agency_id, request.doc_type),
            doc_type=request.doc_type,
            title=title,
            direction=Direction.DOWNWARD
            if request.doc_type == DocType.REPLY
            else Direction.LATERAL,
            recipients=request.source_org,
            body=opening(request) + "\n",
            classification=request.classification,
            secrecy_period=request.secrecy_period,
        ),
    )
    return DraftedAnswer(
        answer_type=SUBJECT_TYPE,
        answer_id=document.pk,
        title=document.title,
        url=f"/outgoing/{document.pk}/",
    )


register_drafter(draft_reply)
