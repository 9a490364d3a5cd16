"""``/api/v1/pdf-verifications``: 验章 of an uploaded PDF."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema, UploadedFile

from govoa.core.api import errors
from govoa.core.errors import NotFound
from govoa.documents.esign.upload import verify_upload
from govoa.org.policies import may_handle_business

router = Router(tags=["电子印章"])


class SealVerdictOut(Schema):
    seal: str
    agency: str
    stamped_by: str
    stamped_at: datetime.datetime | None
    intact: bool
    trusted: bool
    label: str


class VerificationOut(Schema):
    intact: bool
    seals: list[SealVerdictOut]
    lines: list[str]


@router.post(
    "/pdf-verifications",
    response={200: VerificationOut, **errors(400, 401, 404, 413, 422)},
    summary="验证 PDF 的电子印章（multipart：file）：谁盖的、何时、哪枚印章、是否完好",
)
def verify(request: HttpRequest, file: File[UploadedFile]) -> dict[str, Any]:
    if not may_handle_business(request.auth):  # type: ignore[attr-defined]
        raise NotFound()
    report = verify_upload(file)
    return {
        "intact": report.intact,
        "seals": [
            {
                "seal": s.seal,
                "agency": s.agency,
                "stamped_by": s.stamped_by,
                "stamped_at": s.stamped_at,
                "intact": s.intact,
                "trusted": s.trusted,
                "label": s.label,
            }
            for s in report.seals
        ],
        "lines": report.lines(),
    }
