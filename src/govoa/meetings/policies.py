"""Who sees a meeting and who may do what with it.

A person sees a meeting when their clearance covers its 密级 AND they organise it (承办人),
chair it, approve it, are invited, took part in its flows, or head or supervise its
department; the office head (办会 is the office's) and the principal leader see all of the
agency's. The 三员 see none. Everyone else gets 404. The annual plan and the rooms are the
agency's business: every business user of the agency reads them."""

from django.db.models import Q

from govoa.core.vocabulary import Role
from govoa.flow.policies import participation_sources, visible_ids_q
from govoa.meetings.models import Invitee, Meeting, MeetingPlan
from govoa.meetings.workflow import MeetingStatus
from govoa.org.models import Person
from govoa.org.policies import may_handle_business, supervised_department_ids

MEETING_TYPE = "meetings.meeting"
PLAN_TYPE = "meetings.meetingplan"
SEES_ALL = (Role.OFFICE_HEAD, Role.LEADER_PRINCIPAL)
LEADER_ROLES = (Role.LEADER_PRINCIPAL, Role.LEADER_DEPUTY)


def is_leader(person: Person) -> bool:
    return any(person.has_role(role) for role in LEADER_ROLES)


def sees_all(person: Person) -> bool:
    return any(person.has_role(role) for role in SEES_ALL)


def meetings_visible_q(person: Person) -> Q:
    if not may_handle_business(person):  # inactive, or one of the 三员
        return Q(pk__in=[])
    base = Q(agency_id=person.agency_id, classification__lte=person.clearance)
    supervised = supervised_department_ids(person)
    if supervised is None or sees_all(person):
        return base
    meetings = Meeting.objects
    sources = [
        meetings.filter(organiser_id=person.pk).values("pk"),
        meetings.filter(chair_id=person.pk).values("pk"),
        meetings.filter(approver_id=person.pk).values("pk"),
        Invitee.objects.filter(person_id=person.pk).values("meeting_id"),
        *participation_sources(person, MEETING_TYPE),
    ]
    if supervised:
        sources.append(meetings.filter(department_id__in=supervised).values("pk"))
    return base & visible_ids_q(sources)


def plans_visible_q(person: Person) -> Q:
    if not may_handle_business(person):
        return Q(pk__in=[])
    return Q(agency_id=person.agency_id)


def can_request(person: Person) -> bool:
    """办会申请: any business user with a department."""
    return may_handle_business(person) and person.department_id is not None


def can_manage(person: Person, meeting: Meeting) -> bool:
    """The organiser (and the office head) run the meeting: rooms, invitees, seats, sign-in,
    materials list, minutes."""
    return may_handle_business(person) and (
        meeting.organiser_id == person.pk
        or (person.has_role(Role.OFFICE_HEAD) and person.agency_id == meeting.agency_id)
    )


def can_submit_material(person: Person, meeting: Meeting) -> bool:
    return meeting.status == MeetingStatus.APPROVED and (
        can_manage(person, meeting) or is_invited(person, meeting)
    )


def is_invited(person: Person, meeting: Meeting) -> bool:
    return Invitee.objects.filter(meeting=meeting, person_id=person.pk).exists()


def can_plan(person: Person) -> bool:
    """年度会议计划: department heads and the office head propose their department's."""
    return may_handle_business(person) and (
        person.has_role(Role.DEPT_HEAD) or person.has_role(Role.OFFICE_HEAD)
    )


def can_manage_rooms(person: Person) -> bool:
    """会议室登记: the office head (办会 is the office's)."""
    return may_handle_business(person) and person.has_role(Role.OFFICE_HEAD)


def can_read_plans(person: Person) -> bool:
    return may_handle_business(person)


def plan_in_scope(person: Person, plan: MeetingPlan) -> bool:
    return may_handle_business(person) and plan.agency_id == person.agency_id
