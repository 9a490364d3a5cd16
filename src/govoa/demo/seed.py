"""Creating the demo agencies. Idempotent: an agency that exists already is left alone."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from govoa.audit.services import audit_record
from govoa.core.vocabulary import Role
from govoa.demo.archives import seed_archives
from govoa.demo.data import BUREAU, COMMISSION, DEMO_AGENCIES, DEMO_PASSWORD, DemoAgency
from govoa.demo.equipment import seed_equipment
from govoa.demo.handbook import seed_handbook, seed_handbook_bureau
from govoa.demo.incoming import seed_incoming
from govoa.demo.integration import seed_integration
from govoa.demo.joint import seed_joint
from govoa.demo.meetings import seed_meetings
from govoa.demo.outgoing import seed_outgoing
from govoa.demo.replies import seed_replies
from govoa.demo.reports import seed_reports, seed_search_index
from govoa.demo.seals import seed_seals
from govoa.demo.supervision import seed_supervision
from govoa.demo.supplies import seed_supplies
from govoa.org.models import Agency, Department, Person, RoleAssignment, RoleScopeKind
from govoa.org.services.setup import agency_setup
from govoa.outgoing.models import DocumentCategory

# Roles whose scope is the departments a person covers rather than the whole agency.
DEPARTMENT_SCOPED = {Role.DEPT_HEAD, Role.LEADER_DEPUTY}


@dataclass(frozen=True)
class SeedReport:
    created: list[str]
    skipped: list[str]


def _seed_agency(spec: DemoAgency, password_hash: str) -> None:
    admin_passwords = {
        f"{spec.admin_prefix}{name}": DEMO_PASSWORD
        for name in ("sysadmin", "secadmin", "auditadmin")
    }
    agency, _accounts = agency_setup(
        name=spec.name,
        short_name=spec.short_name,
        doc_code=spec.doc_code,
        fonds_code=spec.fonds_code,
        username_prefix=spec.admin_prefix,
        passwords=admin_passwords,
    )
    departments = {}
    for order, dept_spec in enumerate(spec.departments, start=1):
        departments[dept_spec.code] = Department.objects.create(
            agency=agency, name=dept_spec.name, code=dept_spec.code, order=order * 10
        )
    # The 三员 sit in the office, as they usually do.
    office = departments.get("BGS")
    Person.objects.filter(agency=agency).update(department=office)
    now = timezone.now()
    for dept_spec in spec.departments:
        for person_spec in dept_spec.people:
            person = Person.objects.create(
                username=person_spec.username,
                real_name=person_spec.real_name,
                agency=agency,
                department=departments[dept_spec.code],
                title=person_spec.title,
                rank_order=person_spec.rank,
                clearance=person_spec.clearance,
                email=f"{person_spec.username.removeprefix(spec.admin_prefix)}@{spec.domain}",
                phone=f"0571-8{person_spec.rank:04d}{len(person_spec.username):03d}"[:13],
                password=password_hash,
                must_change_password=False,
                password_changed_at=now,
            )
            for role in person_spec.roles:
                assignment = RoleAssignment.objects.create(
                    person=person,
                    role=role,
                    scope=RoleScopeKind.DEPARTMENTS
                    if role in DEPARTMENT_SCOPED
                    else RoleScopeKind.AGENCY,
                )
                if role in DEPARTMENT_SCOPED:
                    assignment.departments.set([departments[c] for c in person_spec.covers])
    for order, (code, word, name, layout, mark) in enumerate(spec.categories, start=1):
        DocumentCategory.objects.create(
            agency=agency,
            code=code,
            word=word,
            name=name,
            layout=layout,
            issuer_mark=mark,
            order=order * 10,
        )
    audit_record(
        action="demo.agency.seed",
        obj=agency,
        agency_id=agency.pk,
        details={"people": Person.objects.filter(agency=agency).count()},
    )


def seed_demo() -> SeedReport:
    # One hash for every demo account: they share the published demo password, and hashing
    # it sixty times would only slow the first start down.
    password_hash = make_password(DEMO_PASSWORD)
    created, skipped = [], []
    for spec in DEMO_AGENCIES:
        if Agency.objects.filter(name=spec.name).exists():
            skipped.append(spec.name)
            continue
        with transaction.atomic():
            _seed_agency(spec, password_hash)
        created.append(spec.name)
    if COMMISSION.name in created:
        with transaction.atomic():
            commission = Agency.objects.get(name=COMMISSION.name)
            seed_incoming(commission)
            seed_supplies(commission)
            seed_seals(commission)  # before 发文: its 用印 step stamps with the 公章
            seed_outgoing(commission, Agency.objects.get(name=BUREAU.name))
            seed_joint(commission, Agency.objects.get(name=BUREAU.name))
            seed_replies(commission, Agency.objects.get(name=BUREAU.name))
            seed_supervision(commission)
            seed_meetings(commission)
            seed_reports(commission)
            seed_integration(commission)
            seed_handbook(commission)
            seed_handbook_bureau(Agency.objects.get(name=BUREAU.name))
            seed_equipment(commission)
            seed_archives(commission)  # last: it files what the others finished
    if created:
        seed_search_index()  # everything seeded, at once (the worker may not be running yet)
    return SeedReport(created, skipped)
