"""Who the benchmark logs in as, and which documents it opens: chosen from the data (the demo's
or ``govoa loadgen``'s) by role, so that each page is measured for the person it is hard for.
Runs in the harness process, with Django set up on the benchmark's database."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from govoa.core.vocabulary import Role
from govoa.flow.models import WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.incoming.models import IncomingDocument
from govoa.incoming.selectors import incoming_list
from govoa.meetings.selectors import meeting_list
from govoa.org.models import Agency, Person, RoleAssignment
from govoa.outgoing.models import OutgoingDocument
from govoa.outgoing.selectors import outgoing_list
from tests.bench.http.load import PASSWORD


@dataclass
class Cast:
    registrar: str
    dept_head: str
    staff: str
    drafter: str
    dept_id: int
    year: int
    incoming_id: int
    outgoing_id: int
    outgoing_viewer: str  # the department head, or the registrar where the head sees none
    meeting_id: int = 0  # the newest meeting the department head sees (0: none)
    office_head: str = ""  # who sees the whole equipment register and learning records

    def usernames(self) -> set[str]:
        found = {self.registrar, self.dept_head, self.staff, self.drafter, self.office_head}
        return found - {""}


def _holders(agency: Agency, role: str) -> list[int]:
    return list(
        RoleAssignment.objects.filter(person__agency=agency, role=role)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )


def _busiest(people: list[int], field: str, **filters: object) -> int:
    """Of ``people``, the one with the most work items by ``field`` (or the first)."""
    row = (
        WorkItem.objects.filter(**{f"{field}__in": people}, **filters)
        .values(field)
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return int(row[field]) if row else people[0]


def choose_cast() -> Cast:
    agency_id = (
        IncomingDocument.objects.values("agency_id").annotate(n=Count("pk")).order_by("-n")
    ).first()["agency_id"]
    agency = Agency.objects.get(pk=agency_id)
    registrar = _busiest(_holders(agency, Role.REGISTRAR), "acted_by_id")
    # The 处室负责人 of the department that drafts the most 发文.
    heads = Person.objects.filter(pk__in=_holders(agency, Role.DEPT_HEAD))
    busiest = (
        OutgoingDocument.objects.filter(
            agency=agency, drafting_department__in=heads.values("department")
        )
        .values("drafting_department")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    head = (
        heads.filter(department_id=busiest["drafting_department"]).first() if busiest else None
    ) or heads.last()
    assert head is not None, "the benchmark needs a 处室负责人"
    with_roles = set(
        RoleAssignment.objects.filter(person__agency=agency).values_list("person_id", flat=True)
    )
    plain = list(
        Person.objects.filter(agency=agency).exclude(pk__in=with_roles).values_list("pk", flat=True)
    )
    staff = _busiest(plain, "assignee_id", status=ItemStatus.OPEN)
    drafter = _busiest(plain, "instance__started_by_id")
    registrar_person = Person.objects.get(pk=registrar)
    head_person = head
    incoming = incoming_list(person=registrar_person).first()
    outgoing, viewer = outgoing_list(person=head_person).first(), head_person
    if outgoing is None:
        outgoing, viewer = outgoing_list(person=registrar_person).first(), registrar_person
    assert incoming is not None, "the benchmark needs 收文"
    assert outgoing is not None, "the benchmark needs 发文"
    meeting = meeting_list(person=head_person).order_by("-pk").first()
    office_head = Person.objects.filter(pk__in=_holders(agency, Role.OFFICE_HEAD)).first()
    cast = Cast(
        registrar=registrar_person.username,
        dept_head=head.username,
        staff=Person.objects.get(pk=staff).username,
        drafter=Person.objects.get(pk=drafter).username,
        dept_id=int(head.department_id),
        year=incoming.year or timezone.localdate().year,
        incoming_id=incoming.pk,
        outgoing_id=outgoing.pk,
        outgoing_viewer="registrar" if viewer == registrar_person else "dept_head",
        meeting_id=meeting.pk if meeting else 0,
        office_head=office_head.username if office_head else "",
    )
    set_passwords(cast.usernames())
    return cast


def set_passwords(usernames: set[str]) -> None:
    """A known password on the benchmark's own database, valid and unlocked."""
    for person in Person.objects.filter(username__in=usernames):
        person.set_password(PASSWORD)
        person.must_change_password = False
        person.password_changed_at = timezone.now()
        person.failed_logins = 0
        person.locked_until = None
        person.save()
