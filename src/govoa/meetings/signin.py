"""签到 by QR code: the code holds a signed link (``django.core.signing``) naming the meeting
and its current key; it opens an hour before the start and closes at the end; rotating the
key (``services.attendance.sign_in_rotate``) voids printed codes. The QR image is an SVG
made here (segno), no outside service."""

import io

import segno
from django.core import signing
from django.utils import timezone

from govoa.core.errors import NotFound, TransitionNotAllowed
from govoa.meetings.models import Meeting
from govoa.meetings.workflow import SIGN_IN_OPENS_BEFORE

SALT = "govoa.meetings.sign-in"


def sign_in_token(meeting: Meeting) -> str:
    return signing.dumps({"m": meeting.pk, "k": meeting.sign_in_key}, salt=SALT, compress=True)


def sign_in_path(meeting: Meeting) -> str:
    return f"/meetings/sign-in/{sign_in_token(meeting)}/"


def meeting_id_from(token: str) -> tuple[int, str]:
    """The meeting a token names, or ``NotFound`` for a forged or garbled one."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise NotFound("签到码无效。") from exc
    if not isinstance(data, dict) or not isinstance(data.get("m"), int):
        raise NotFound("签到码无效。")
    return data["m"], str(data.get("k", ""))


def check_window(meeting: Meeting) -> None:
    now = timezone.now()
    if now < meeting.starts_at - SIGN_IN_OPENS_BEFORE:
        raise TransitionNotAllowed("签到尚未开始（会前 1 小时开放）。")
    if now > meeting.ends_at:
        raise TransitionNotAllowed("会议已结束，签到已关闭。")


def qr_svg(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=True)
    return out.getvalue()
