"""Reads of 制度与学习, always through the policies' ``*_visible_q``; the record lists page
by keyset (newest first), never counting history."""

import datetime

from django.db.models import QuerySet

from govoa.core.errors import NotFound
from govoa.core.paging import newest_first
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.handbook import policies
from govoa.handbook.models import (
    Post,
    PostDutyVersion,
    Rule,
    RuleVersion,
    StudyEntry,
    TrainingAttendance,
    TrainingSession,
)
from govoa.org.models import Department, Person

HISTORY = 50


def rule_list(*, person: Person, category: str = "") -> QuerySet[Rule]:
    rules = Rule.objects.filter(policies.rules_visible_q(person))
    if category:
        rules = rules.filter(category=category)
    return rules.select_related("current").order_by("category", "title", "pk")


def rule_get_for_person(*, person: Person, pk: int) -> Rule:
    rule = rule_list(person=person).filter(pk=pk).first()
    if rule is None:
        raise NotFound()
    return rule


def rule_versions(*, person: Person, rule: Rule) -> list[RuleVersion]:
    """修订历史, newest first (the latest 50), with who asked and who approved."""
    versions = rule.versions.filter(policies.versions_visible_q(person))
    return list(versions.select_related("requester", "approved_by").order_by("-pk")[:HISTORY])


def rule_open_item(*, person: Person, rule: Rule) -> WorkItem | None:
    """The person's open approval of the rule's revision under way, if any."""
    version_ids = rule.versions.values("pk")
    return (
        WorkItem.objects.filter(
            instance__subject_type=policies.VERSION_TYPE,
            instance__subject_id__in=version_ids,
            assignee=person,
            status=ItemStatus.OPEN,
        )
        .order_by("pk")
        .first()
    )


def version_flow(version: RuleVersion) -> FlowInstance | None:
    return FlowInstance.objects.filter(
        subject_type=policies.VERSION_TYPE, subject_id=version.pk
    ).first()


def post_list(*, person: Person) -> QuerySet[Post]:
    return (
        Post.objects.filter(policies.posts_visible_q(person))
        .select_related("current")
        .order_by("name", "pk")
    )


def post_get_for_person(*, person: Person, pk: int) -> Post:
    post = post_list(person=person).filter(pk=pk).first()
    if post is None:
        raise NotFound()
    return post


def post_versions(*, person: Person, post: Post) -> list[PostDutyVersion]:
    """The duty lists, newest first (the latest 50), with who drafted and who approved them;
    those under approval or refused only for the keepers, approvers and their drafter."""
    versions = post.versions.filter(policies.duty_versions_visible_q(person))
    return list(versions.select_related("recorded_by", "approved_by").order_by("-pk")[:HISTORY])


def post_open_item(*, person: Person, post: Post) -> WorkItem | None:
    """The person's open approval of the post's duty list under way, if any."""
    return (
        WorkItem.objects.filter(
            instance__subject_type=policies.DUTY_TYPE,
            instance__subject_id__in=post.versions.values("pk"),
            assignee=person,
            status=ItemStatus.OPEN,
        )
        .order_by("pk")
        .first()
    )


def posts_held(*, person: Person) -> list[Post]:
    """The posts whose role the person holds (their role assignments decide it)."""
    roles = sorted(person.role_scopes())
    if not roles:
        return []
    return list(post_list(person=person).filter(role__in=roles))


def study_count_in_month(*, person: Person, day: datetime.date) -> int:
    first = day.replace(day=1)
    return StudyEntry.objects.filter(
        person=person, studied_on__gte=first, studied_on__lte=day
    ).count()


def study_list(
    *,
    person: Person,
    of_person: int | None = None,
    department_id: int | None = None,
    after: int | None = None,
) -> QuerySet[StudyEntry]:
    rows = StudyEntry.objects.filter(policies.records_visible_q(person))
    if of_person is not None:
        rows = rows.filter(person_id=of_person)
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    return newest_first(rows.select_related("person", "rule"), after=after)


def attendance_list(
    *,
    person: Person,
    of_person: int | None = None,
    department_id: int | None = None,
    after: int | None = None,
) -> QuerySet[TrainingAttendance]:
    rows = TrainingAttendance.objects.filter(
        policies.records_visible_q(person, agency_field="session__agency_id")
    )
    if of_person is not None:
        rows = rows.filter(person_id=of_person)
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    if after:
        rows = rows.filter(pk__lt=after)
    return rows.select_related("session", "person").order_by("-pk")


def session_list(*, person: Person, after: int | None = None) -> QuerySet[TrainingSession]:
    rows = TrainingSession.objects.filter(policies.sessions_visible_q(person))
    if after:
        rows = rows.filter(pk__lt=after)
    return rows.select_related("organiser").order_by("-pk")


def session_get_for_person(*, person: Person, pk: int) -> TrainingSession:
    session = session_list(person=person).filter(pk=pk).first()
    if session is None:
        raise NotFound()
    return session


def session_attendance(*, person: Person, session: TrainingSession) -> list[TrainingAttendance]:
    """The attendance of a session the person may read (capped; 500 people at most)."""
    rows = attendance_list(person=person).filter(session=session)
    return list(rows.order_by("person__rank_order", "pk")[:500])


def department_get_for_records(*, person: Person, pk: int) -> Department:
    department = Department.objects.filter(pk=pk, agency_id=person.agency_id).first()
    if department is None or not policies.can_see_department(person, department.pk):
        raise NotFound()
    return department


def record_departments(*, person: Person) -> list[Department]:
    """The departments whose record the person may open (a head's own, all for the office)."""
    departments = policies.records_department_ids(person)
    if departments is not None and not departments:
        return []
    rows = Department.objects.filter(agency_id=person.agency_id)
    if departments is not None:
        rows = rows.filter(pk__in=sorted(departments))
    return list(rows.order_by("order", "pk")[:100])
