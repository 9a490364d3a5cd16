"""制度与学习 in the generated agency, inserted in bulk (cheap at every scale): the rules
library with a revision a year (the earlier ones superseded), the posts with their duty lists,
each person's monthly study over the years (1–2 a month, some months missed) and a training a
month with the attendance of a few 处室.

Simplification: the history's revisions and duty lists have no flow rows (their approval is
the approver and the time recorded on them); the library, the records and the API read
these rows only."""

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from govoa.core.vocabulary import Role
from govoa.demo.loadgen.agency import USERNAME_PREFIX, Org
from govoa.demo.loadgen.scales import Scale
from govoa.handbook.models import (
    Post,
    PostDutyVersion,
    Rule,
    RuleVersion,
    StudyEntry,
    TrainingAttendance,
    TrainingSession,
)
from govoa.handbook.workflow import AttendanceStatus, RuleStatus, VersionStatus
from govoa.org.models import Person

BATCH = 5_000
RULES = [
    ("gongwen", "公文处理办法", "documents", ["收文应当逐件登记，一文一号。", "发文须经核稿。"]),
    ("huiyi", "会议管理规定", "meetings", ["会议实行年度计划管理。", "会前一天检查会场。"]),
    ("shouce", "办公室工作手册", "handbook", ["办文规范、办会周到。", "每年修订一次。"]),
    ("baoguan", "归档范围和保管期限表", "retention", ["重要决策文件：永久。"]),
    ("baomi", "保密工作管理办法", "other", ["涉密载体专人专用。", "存储介质定期检查。"]),
]
POSTS = [
    ("收发岗", Role.REGISTRAR, ["公文签收、登记、分送", "催办与办结确认"]),
    ("文秘岗", Role.REVIEWER, ["公文核稿", "起草综合性文稿"]),
    ("档案岗", Role.ARCHIVIST, ["文件材料归档", "档案借阅登记"]),
]
STUDIES = [
    "学习《党政机关公文处理工作条例》",
    "学习《优化营商环境条例》",
    "学习省委全会精神",
    "学习《保守国家秘密法》",
    "学习本委《公文处理办法》",
]
TOPICS = ["公文写作", "会议组织", "保密知识", "档案管理", "信息安全"]


def _months(scale: Scale) -> list[datetime.date]:
    """The first days of the history's months, oldest first, up to this month."""
    today = timezone.localdate()
    month = today.replace(day=1)
    months = []
    for _ in range(12 * scale.years):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _library(org: Org, scale: Scale) -> dict[str, int]:
    """The rules with a revision a year and the posts with a duty list a year."""
    start = timezone.localdate().replace(month=1, day=1)
    years = [start.replace(year=start.year - n) for n in range(scale.years - 1, -1, -1)]
    approved = timezone.now()
    Rule.objects.bulk_create(
        [
            Rule(agency=org.agency, code=code, title=title, category=category)
            for code, title, category, _lines in RULES
        ]
    )
    rules = list(Rule.objects.filter(agency=org.agency).order_by("pk"))  # keys on every backend
    versions = []
    for rule, (_code, _title, _category, lines) in zip(rules, RULES, strict=True):
        for n, year in enumerate(years):
            last = n == len(years) - 1
            versions.append(
                RuleVersion(
                    rule=rule,
                    version=f"{year.year} 年版",
                    effective_on=year,
                    body="\n".join([*lines, f"本办法自 {year.year} 年 1 月 1 日起施行。"]),
                    change_note="首次制定" if n == 0 else "年度修订",
                    status=VersionStatus.PUBLISHED if last else VersionStatus.SUPERSEDED,
                    requester_id=org.office_head,
                    approved_by_id=org.principal,
                    approved_at=approved,
                )
            )
    RuleVersion.objects.bulk_create(versions)
    for rule in rules:
        rule.current = rule.versions.order_by("-pk").first()
        rule.status = RuleStatus.CURRENT
    Rule.objects.bulk_update(rules, ["current", "status"])
    Post.objects.bulk_create(
        [Post(agency=org.agency, name=name, role=role) for name, role, _duties in POSTS]
    )
    posts = list(Post.objects.filter(agency=org.agency).order_by("pk"))
    duties = [
        PostDutyVersion(
            post=post,
            number=n + 1,
            duties="\n".join(lines),
            effective_on=year,
            status=VersionStatus.PUBLISHED if n == len(years) - 1 else VersionStatus.SUPERSEDED,
            recorded_by_id=org.office_head,
            recorded_at=approved,
            approved_by_id=org.principal,
            approved_at=approved,
        )
        for post, (_name, _role, lines) in zip(posts, POSTS, strict=True)
        for n, year in enumerate(years)
    ]
    PostDutyVersion.objects.bulk_create(duties)
    for post in posts:
        post.current = post.versions.order_by("-number").first()
    Post.objects.bulk_update(posts, ["current"])
    return {"handbook.RuleVersion": len(versions), "handbook.PostDutyVersion": len(duties)}


def _staff(org: Org) -> list[tuple[int, int]]:
    """(person, department) of every business user (not the 三员)."""
    return list(
        Person.objects.filter(agency=org.agency, username__regex=rf"^{USERNAME_PREFIX}\d+$")
        .order_by("pk")
        .values_list("pk", "department_id")
    )


def _studies(
    org: Org, staff: list[tuple[int, int]], month: datetime.date, rng: random.Random
) -> list[StudyEntry]:
    """A month's study entries: most people one, some two, some none (they get reminded)."""
    last = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    last = min(last, timezone.localdate())
    rows = []
    for person, department in staff:
        draw = rng.random()
        for _ in range(0 if draw < 0.1 else 2 if draw > 0.8 else 1):
            rows.append(
                StudyEntry(
                    agency=org.agency,
                    person_id=person,
                    department_id=department,
                    studied_on=month + datetime.timedelta(days=rng.randint(0, (last - month).days)),
                    title=rng.choice(STUDIES),
                    note="结合本岗位工作做了笔记",
                )
            )
    return rows


def _training(org: Org, month: datetime.date, rng: random.Random) -> TrainingSession:
    topic = rng.choice(TOPICS)
    return TrainingSession(
        agency=org.agency,
        title=f"{month.year} 年 {month.month} 月{topic}培训",
        topic=topic,
        held_on=month + datetime.timedelta(days=rng.randint(5, 25)),
        place="机关大楼 3 楼会议室",
        organiser_id=org.office_head,
    )


def _attendance(org: Org, session: TrainingSession, rng: random.Random) -> list[Any]:
    """Two or three 处室 (their heads and members) at each training."""
    departments = rng.sample(org.business, k=min(len(org.business), rng.randint(2, 3)))
    moment = datetime.datetime.combine(session.held_on, datetime.time(17))
    recorded = timezone.make_aware(moment)
    rows = []
    for department in departments:
        for person in [org.heads[department], *org.members.get(department, [])]:
            draw = rng.random()
            status = (
                AttendanceStatus.PRESENT
                if draw < 0.85
                else AttendanceStatus.LEAVE
                if draw < 0.97
                else AttendanceStatus.ABSENT
            )
            rows.append(
                TrainingAttendance(
                    session=session,
                    person_id=person,
                    department_id=department,
                    status=status,
                    note="有收获" if status == AttendanceStatus.PRESENT else "",
                    recorded_by_id=org.office_head,
                    recorded_at=recorded,
                )
            )
    return rows


def grow_handbook(org: Org, scale: Scale, rng: random.Random) -> dict[str, int]:
    counts = {"handbook.StudyEntry": 0, "handbook.TrainingAttendance": 0}
    with transaction.atomic():
        counts |= _library(org, scale)
    staff = _staff(org)
    today = timezone.localdate()
    for month in _months(scale):
        with transaction.atomic():
            studies = _studies(org, staff, month, rng)
            StudyEntry.objects.bulk_create(studies, batch_size=BATCH)
            counts["handbook.StudyEntry"] += len(studies)
            session = _training(org, month, rng)
            if session.held_on > today:
                continue
            session.save()
            attendance = _attendance(org, session, rng)
            TrainingAttendance.objects.bulk_create(attendance, batch_size=BATCH)
            counts["handbook.TrainingAttendance"] += len(attendance)
    return counts
