"""The meeting's file bundle for archiving (会议通知、议程、材料、纪要、签到表、录音录像
说明): what the archives module will take in. No database writes; PDFs are rendered now."""

import json
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from govoa.documents.files import open_stored
from govoa.meetings import printables
from govoa.meetings.invitations import duration_text, meeting_ics
from govoa.meetings.models import Meeting, Minutes


@dataclass(frozen=True)
class BundleFile:
    """One file: ``role`` says what it is (notice, agenda, material, minutes, sign_in_sheet,
    recordings); ``metadata`` what an archivist records with it."""

    name: str
    content: bytes
    role: str
    content_type: str
    metadata: dict[str, Any] = field(default_factory=dict)


def _notice_text(meeting: Meeting) -> bytes:
    lines = [
        f"会议通知：{meeting.title}",
        f"时间：{duration_text(meeting)}",
        f"地点：{meeting.location}",
        f"主持：{meeting.chair.real_name}",
        f"主办部门：{meeting.department.name}",
        "参会人员："
        + "、".join(i.person.real_name for i in meeting.invitees.select_related("person")),
        f"参会要求：{meeting.requirements}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def meeting_bundle(meeting: Meeting) -> list[BundleFile]:
    """Every file of the meeting, in archive order. The caller has checked the person may
    see the meeting; 密级 is in each file's metadata."""
    base = {
        "meeting_id": meeting.pk,
        "meeting": meeting.title,
        "year": timezone.localtime(meeting.starts_at).year,
        "classification": meeting.classification,
        # 按“年度-会议类型”分类归档 (001 三(三)2)
        "meeting_type": meeting.meeting_type,
        "meeting_type_label": str(meeting.get_meeting_type_display()),
    }
    files = [
        BundleFile("01-会议通知.txt", _notice_text(meeting), "notice", "text/plain", dict(base)),
        BundleFile("01-会议通知.ics", meeting_ics(meeting), "notice", "text/calendar", dict(base)),
        BundleFile(
            "02-会议手册（议程）.pdf",
            printables.handbook_pdf(meeting),
            "agenda",
            "application/pdf",
            dict(base),
        ),
    ]
    for n, material in enumerate(meeting.materials.select_related("file", "uploaded_by"), start=1):
        with open_stored(material.file) as handle:
            content = handle.read()
        files.append(
            BundleFile(
                f"03-材料{n:02d}-{material.file.name}",
                content,
                "material",
                material.file.content_type,
                {
                    **base,
                    "title": material.title,
                    "submitted_by": material.uploaded_by.real_name,
                    "late": material.late,
                    "sha256": material.file.sha256,
                },
            )
        )
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None:
        files.append(
            BundleFile(
                "04-会议纪要.pdf",
                printables.minutes_pdf(meeting, minutes),
                "minutes",
                "application/pdf",
                {**base, "number": minutes.number, "status": minutes.status},
            )
        )
        if minutes.record:
            files.append(
                BundleFile(
                    "04-会议记录.txt",
                    minutes.record.encode("utf-8"),
                    "record",
                    "text/plain",
                    dict(base),
                )
            )
        if minutes.recordings:
            files.append(
                BundleFile(
                    "06-录音录像说明.json",
                    json.dumps({"recordings": minutes.recordings}, ensure_ascii=False).encode(),
                    "recordings",
                    "application/json",
                    dict(base),
                )
            )
    files.append(
        BundleFile(
            "05-签到表.pdf",
            printables.sign_in_sheet_pdf(meeting),
            "sign_in_sheet",
            "application/pdf",
            dict(base),
        )
    )
    return files
