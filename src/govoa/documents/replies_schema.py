"""The 复文 link as both modules' APIs show it (``documents.Reply``)."""

import datetime
from typing import Any

from ninja import Schema

from govoa.documents.models import Reply
from govoa.documents.replies import linked


class ReplyLinkOut(Schema):
    """One end of a 复文 link: ``question_*`` the document answered, ``answer_*`` the answer."""

    question_type: str
    question_id: int
    answer_type: str
    answer_id: int
    answer_number: str
    answer_title: str
    state: str
    state_label: str
    sent_at: datetime.datetime | None
    received_at: datetime.datetime | None
    received_by: str
    url: str | None


def reply_link_out(reply: Reply, *, toward: str) -> dict[str, Any]:
    """``toward``: "answer" or "question" — whose page ``url`` leads to."""
    if toward == "answer":
        other = linked(reply.answer_type, reply.answer_id)
    else:
        other = linked(reply.question_type, reply.question_id)
    return {
        "question_type": reply.question_type,
        "question_id": reply.question_id,
        "answer_type": reply.answer_type,
        "answer_id": reply.answer_id,
        "answer_number": reply.answer_number,
        "answer_title": reply.answer_title,
        "state": reply.state,
        "state_label": reply.get_state_display(),
        "sent_at": reply.sent_at,
        "received_at": reply.received_at,
        "received_by": reply.received_by_name,
        "url": other.url if other else None,
    }
