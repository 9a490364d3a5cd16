"""The authorization matrix generated from the URL resolver (GB/T 22239 8.1.4.2): every URL
pattern of every installed module × anonymous, the 三员, a person of another agency and an
under-cleared colleague, with the object ids of one agency's real documents, tasks, seals
and supplies (IDOR).

- anonymous: never 200 — the login page (HTML) or 401 (API), for GET and POST;
- the 三员: no business object answers 200, and no page shows a business title;
- another agency: every object URL of this agency is 4xx, GET and POST, and no page shows
  this agency's titles;
- an under-cleared colleague (内部): no page shows a title classified above it;
- each business role on its own (a person of the agency holding only that role, cleared to
  内部, in a department of its own): no page answers 5xx or shows a title classified above
  内部, and no POST to an object URL performs an act (none of them is the assignee, owner or
  custodian of any object of the world, whatever its role lets it do elsewhere).

A pattern added later is covered as it appears: its parameters are filled from ``PARAMS``
(keyed by the route up to the parameter). A parameter with no entry fails the test, naming
the pattern: add the entry (which object of the world fills it), or a reviewed exemption.
For every object URL a member of the agency must get 200 (``witness``), so the ids are
real ones and a 404 to the others means something."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Classification, Role
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.factories import AgencyFactory, DepartmentFactory, PersonFactory, grant
from govoa.testing.scenarios import SCENARIOS

pytestmark = pytest.mark.slow

_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")

# Reviewed: reachable without a login, each for its reason.
PUBLIC = {
    "accounts/login/": "the login form",
    "accounts/login/verify/": "second step of the login (needs the first step's session)",
    "accounts/captcha.png": "the login captcha",
    "api/v1/auth/token": "exchanges credentials for a token",
    "api/v1/openapi.json": "the API description",
    "api/v1/": "the API root",
    "^api/(?P<rest>.*)$": "the API's 404 in its format",
    "supervision/calendar/feed/<token>.ics": "authenticated by its secret token (iCalendar)",
    "oidc/login/": "single sign-on: off to the identity provider (404 when not configured)",
    "oidc/callback/": "single sign-on: the provider's answer (404 when not configured)",
}

# The 三员's own screens: no business data is behind them (ADR 0008).
ADMIN_PREFIXES = ("org/system/", "audit/", "flow/templates/", "accounts/", "org/delegations/")


@dataclass
class World:
    ids: dict[str, Any] = field(default_factory=dict)
    markers: set[str] = field(default_factory=set)
    secret_markers: set[str] = field(default_factory=set)


def _first(model: Any, **filters: Any) -> Any:
    row = model.objects.filter(**filters).order_by("pk").first()
    return row.pk if row is not None else 0


# Each parameter, by the route up to it: how the world fills it.
PARAMS: dict[str, Callable[[World], Any]] = {}


def _param(*keys: str) -> Callable[[Callable[[World], Any]], Callable[[World], Any]]:
    def register(fill: Callable[[World], Any]) -> Callable[[World], Any]:
        for key in keys:
            PARAMS[key] = fill
        return fill

    return register


def _id(name: str) -> Callable[[World], Any]:
    return lambda world: world.ids[name]


OBJECT_KEYS: set[str] = set()
for _key, _name in {
    "accounts/tokens/<pk>": "token",
    "api/v1/flows/<instance_id>": "instance",
    "api/v1/incoming-documents/<document_id>": "incoming",
    "api/v1/incoming-documents/<document_id>/attachments/<attachment_id>": "incoming_attachment",
    "api/v1/notifications/<notification_id>": "notification",
    "api/v1/outgoing-documents/<document_id>": "outgoing",
    "api/v1/outgoing-documents/<document_id>/attachments/<attachment_id>": "outgoing_attachment",
    "api/v1/seal-usages/<usage_id>": "seal_usage",
    "api/v1/seals/<seal_id>": "seal",
    "api/v1/equipment/<device_id>": "device",
    "equipment/<pk>": "device",
    "api/v1/supervision-tasks/<task_id>": "task",
    "api/v1/supply-items/<supply_item_id>": "supply_item",
    "api/v1/supply-requisitions/<requisition_id>": "requisition",
    "api/v1/work-items/<item_id>": "work_item",
    "api/v1/feedback/<feedback_id>": "feedback",
    "api/v1/meetings/<meeting_id>": "meeting",
    "api/v1/meetings/<meeting_id>/invitees/<invitee_id>": "invitee",
    "api/v1/supervision-tasks/<task_id>/deliverables/<attachment_id>": "task_attachment",
    "api/v1/supply-purchases/<purchase_id>": "purchase",
    "api/v1/supply-stocktakes/<stocktake_id>": "stocktake",
    "meetings/<pk>": "meeting",
    "meetings/<pk>/sign-in/<invitee_id>": "invitee",
    "meetings/plans/<pk>": "meeting_plan",
    "meetings/rooms/<pk>": "meeting_room",
    "reports/bulletins/<pk>": "bulletin",
    "reports/feedback/<pk>": "feedback",
    "integration/exchange/<pk>": "exchange_package",
    "integration/webhooks/<pk>": "webhook",
    "integration/directory/<pk>": "directory_run",
    "api/v1/archive-appraisals/<appraisal_id>": "archive_appraisal",
    "api/v1/archive-loans/<loan_id>": "archive_loan",
    "api/v1/archive-records/<record_id>": "archive_record",
    "archives/appraisals/<pk>": "archive_appraisal",
    "archives/destructions/<pk>": "destruction",
    "archives/loans/<pk>": "archive_loan",
    "archives/loans/<pk>/files/<component_id>": "archive_component",
    "archives/records/<pk>": "archive_record",
    "audit/<pk>": "audit_event",
    "flow/instances/<pk>": "instance",
    "flow/items/<pk>": "work_item",
    "flow/templates/<pk>": "template",
    "incoming/<pk>": "incoming",
    "incoming/<pk>/attachments/<attachment_id>": "incoming_attachment",
    "incoming/<pk>/extensions/<request_id>": "incoming_extension",
    "incoming/<pk>/items/<item_id>": "incoming_item",
    "notifications/<pk>": "notification",
    "org/delegations/<pk>": "delegation",
    "org/system/departments/<pk>": "department",
    "org/system/people/<pk>": "person",
    "outgoing/<pk>": "outgoing",
    "outgoing/<pk>/attachments/<attachment_id>": "outgoing_attachment",
    "outgoing/<pk>/distributions/<distribution_id>": "distribution",
    "outgoing/<pk>/items/<item_id>": "outgoing_item",
    "outgoing/joint/<pk>": "joint_countersign",
    "api/v1/joint-countersigns/<countersign_id>": "joint_countersign",
    "seals/<pk>": "seal",
    "seals/usages/<pk>": "seal_usage",
    "supervision/<pk>": "task",
    "supervision/<pk>/deliverables/<attachment_id>": "task_attachment",
    "supervision/<pk>/steps/<step_id>": "task_step",
    "supervision/bulletin/<department_id>": "department",
    "supervision/departments/<department_id>": "department",
    "supplies/items/<pk>": "supply_item",
    "supplies/purchases/<pk>": "purchase",
    "supplies/requisitions/<pk>": "requisition",
    "supplies/stocktakes/<pk>": "stocktake",
    "handbook/rules/<pk>": "rule",
    "api/v1/rules/<rule_id>": "rule",
    "handbook/posts/<pk>": "post",
    "api/v1/posts/<post_id>": "post",
    "handbook/learning/departments/<department_id>": "department",
    "handbook/training/<pk>": "training",
    "api/v1/training-sessions/<session_id>": "training",
}.items():
    PARAMS[_key] = _id(_name)
    OBJECT_KEYS.add(_key)

PARAMS.update(
    {
        "flow/templates/<pk>/nodes/<key>": lambda w: w.ids["template_node"],
        "flow/templates/code/<code>": lambda w: "incoming",
        "incoming/<pk>/<kind>": lambda w: "sheet",
        "incoming/register.<fmt>": lambda w: "xlsx",
        "outgoing/register.<fmt>": lambda w: "xlsx",
        "outgoing/<pk>/render.<fmt>": lambda w: "pdf",
        "seals/register.<fmt>": lambda w: "xlsx",
        "supervision/ledger.<fmt>": lambda w: "xlsx",
        "supervision/<pk>/acts/<act>": lambda w: "report",
        "modules/<key>": lambda w: "archives",
        "org/system/calendar/<day>": lambda w: "2026-12-01",
        "org/system/people/<pk>/roles/<role>": lambda w: Role.DEPT_HEAD.value,
        "supervision/calendar/feed/<token>": lambda w: "x" * 32,
        "api/v1/stats/<section>": lambda w: "incoming",
        "integration/channels/<channel>": lambda w: "dingtalk",
        "meetings/<pk>/acts/<act>": lambda w: "cancel",
        "meetings/<pk>/print/<kind>": lambda w: "handbook",
        "meetings/plans/<pk>/acts/<act>": lambda w: "submit",
        "meetings/sign-in/<token>": lambda w: "x" * 40,
        "archives/catalogue.<fmt>": lambda w: "xlsx",
        "archives/transfer/<year>": lambda w: 2026,
    }
)

# Reviewed: object parameters the world has no row for (their URLs are still checked for
# anonymous and outsiders, with an id no row has).
NOT_IN_WORLD = {
    "api/v1/outgoing-documents/<document_id>/attachments/<attachment_id>": "no 发文 attachment",
    "outgoing/<pk>/attachments/<attachment_id>": "no 发文 attachment",
    "incoming/<pk>/extensions/<request_id>": "no 延期 request on the 收文",
    "outgoing/<pk>/distributions/<distribution_id>": "the 发文 is not distributed yet",
    "org/delegations/<pk>": "no 代理 set",
    "api/v1/seal-usages/<usage_id>": "the seals cast clashes with the outgoing one",
    "seals/usages/<pk>": "the seals cast clashes with the outgoing one",
    "supplies/purchases/<pk>": "no purchase",
    "supplies/stocktakes/<pk>": "the stocktake's cast clashes with the requisition's",
    # POST-only URLs: GET is 405 for everyone; the ids are real rows read from the world.
    "accounts/tokens/<pk>": "POST only (revoke); the token issued to 规划科员",
    "incoming/<pk>/items/<item_id>": "POST only (act); a work item of the 收文's flow",
    "outgoing/<pk>/items/<item_id>": "POST only (act); a work item of the 发文's flow",
    "supervision/<pk>/deliverables/<attachment_id>": "no deliverable",
    "supervision/<pk>/steps/<step_id>": "no step",
    "api/v1/notifications/<notification_id>": "no notification",
    "notifications/<pk>": "no notification",
    "api/v1/meetings/<meeting_id>/invitees/<invitee_id>": "POST only (sign-in by staff)",
    "meetings/<pk>/sign-in/<invitee_id>": "POST only (sign-in by staff)",
    "api/v1/supervision-tasks/<task_id>/deliverables/<attachment_id>": "no deliverable",
    "api/v1/supply-purchases/<purchase_id>": "no purchase",
    "api/v1/supply-stocktakes/<stocktake_id>": "no stocktake (its cast clashes)",
    "meetings/plans/<pk>": "no plan (its scenario's cast clashes with another's)",
    "reports/bulletins/<pk>": "no 督查通报 issued",
    "reports/feedback/<pk>": "POST only (triage)",
    "api/v1/feedback/<feedback_id>": "no feedback in the world (its own matrix: test_feedback_api)",
    "integration/exchange/<pk>": "no exchange package",
    # 联合行文: the 会签 request belongs to the co-issuing agency (the scenario's second
    # agency), so no one of this agency sees it; its own people are in outgoing's tests.
    "outgoing/joint/<pk>": "a co-issuing agency's 会签 request (test_joint_http)",
    "api/v1/joint-countersigns/<countersign_id>": "a co-issuing agency's 会签 request",
    "integration/webhooks/<pk>": "the 系统管理员's screen; no webhook configured",
    "integration/directory/<pk>": "the 系统管理员's screen; no directory comparison made",
    "api/v1/archive-appraisals/<appraisal_id>": "its committee only (archives' own tests)",
    "api/v1/archive-loans/<loan_id>": "nothing filed in the world (archives' own matrix test)",
    "api/v1/archive-records/<record_id>": "nothing filed in the world (archives' own matrix)",
    "archives/appraisals/<pk>": "its committee only (archives' own matrix test)",
    "archives/destructions/<pk>": "nothing filed in the world (archives' own matrix test)",
    "archives/loans/<pk>": "nothing filed in the world (archives' own matrix test)",
    "archives/loans/<pk>/files/<component_id>": "nothing filed in the world",
    "archives/records/<pk>": "nothing filed in the world (archives' own matrix test)",
    "api/v1/posts/<post_id>": "POST only (a new duty list); the world's post (文秘岗)",
}


@dataclass(frozen=True)
class Route:
    route: str
    url: str
    api: bool
    has_object: bool


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def all_routes() -> list[str]:
    return sorted(set(_walk(get_resolver())))


def _object_keys(route: str) -> set[str]:
    keys = {_PARAM.sub(r"<\1>", route[: m.end()]) for m in _PARAM.finditer(route)}
    return keys & OBJECT_KEYS


def _fill(route: str, world: World) -> str:
    url = route
    for match in reversed(list(_PARAM.finditer(route))):
        key = _PARAM.sub(r"<\1>", route[: match.end()])
        url = url[: match.start()] + str(PARAMS[key](world)) + url[match.end() :]
    return "/" + url


def uncovered(routes: list[str]) -> list[str]:
    missing = []
    for route in routes:
        if route in PUBLIC:
            continue
        for match in _PARAM.finditer(route):
            key = _PARAM.sub(r"<\1>", route[: match.end()])
            if key not in PARAMS:
                missing.append(f"{route}（参数 {match.group(1)}，键 {key}）")
    return missing


def test_every_url_pattern_is_covered_by_the_matrix():
    missing = uncovered(all_routes())
    assert not missing, "授权矩阵未覆盖这些 URL 模式，请在 PARAMS 中补充：\n" + "\n".join(missing)


def _world(people: Any) -> World:
    from govoa.accounts.services import token_issue
    from govoa.archives.models import (
        Appraisal,
        ArchiveComponent,
        ArchiveLoan,
        ArchiveRecord,
        Destruction,
    )
    from govoa.audit.models import AuditEvent
    from govoa.equipment.models import Device
    from govoa.flow.models import FlowInstance, FlowTemplate, WorkItem
    from govoa.handbook.models import Post, Rule, TrainingSession
    from govoa.incoming.models import ExtensionRequest, IncomingAttachment, IncomingDocument
    from govoa.integration.models import DirectorySyncRun, ExchangePackage, WebhookEndpoint
    from govoa.meetings.models import Invitee, Meeting, MeetingPlan
    from govoa.notify.models import Notification
    from govoa.org.models import Delegation
    from govoa.outgoing.models import (
        Distribution,
        JointCountersign,
        OutgoingAttachment,
        OutgoingDocument,
    )
    from govoa.reports.models import Feedback, SupervisionBulletin
    from govoa.seals.models import Seal, SealUsage
    from govoa.supervision.models import SupervisionTask, TaskAttachment, TaskStep
    from govoa.supplies.models import Purchase, Requisition, Stocktake, SupplyItem
    from govoa.testing.meetings import room as meeting_room

    for build in SCENARIOS.values():
        try:
            with transaction.atomic():
                build(people)
        except IntegrityError:
            pass  # a scenario whose cast another one built already (same login names)
    _training(people)
    hall = meeting_room(people, name="矩阵会议室")  # 会议室 (no flow, hence no scenario)
    people.staff.clearance = Classification.SECRET
    people.staff.save()
    token, _raw = token_issue(person=people.staff, name="矩阵")
    IncomingDocument.objects.update(classification=Classification.SECRET)
    # Their filed copies (档案) carry the same titles, so they are secret too.
    ArchiveRecord.objects.update(classification=Classification.SECRET)
    incoming = IncomingDocument.objects.order_by("pk").first()
    outgoing = OutgoingDocument.objects.order_by("pk").first()
    template = FlowTemplate.objects.order_by("pk").first()
    world = World()
    world.ids = {
        "token": token.pk,
        "instance": _first(FlowInstance),
        "work_item": _first(WorkItem),
        "template": template.pk,
        "template_node": _node_key(template.definition),
        "incoming": incoming.pk,
        "incoming_item": _first(
            WorkItem, instance__subject_id=incoming.pk, instance__code="incoming"
        ),
        "incoming_attachment": _first(IncomingAttachment),
        "incoming_extension": _first(ExtensionRequest),
        "notification": _first(Notification),
        "outgoing": outgoing.pk,
        "outgoing_item": _first(
            WorkItem, instance__subject_id=outgoing.pk, instance__code="outgoing"
        ),
        "outgoing_attachment": _first(OutgoingAttachment),
        "distribution": _first(Distribution),
        "seal": _first(Seal),
        "seal_usage": _first(SealUsage),
        "device": _first(Device),
        "task": _first(SupervisionTask),
        "task_attachment": _first(TaskAttachment),
        "task_step": _first(TaskStep),
        "department": people.planning.pk,
        "person": people.staff.pk,
        "delegation": _first(Delegation),
        "audit_event": _first(AuditEvent),
        "supply_item": _first(SupplyItem),
        "purchase": _first(Purchase),
        "requisition": _first(Requisition),
        "stocktake": _first(Stocktake),
        "meeting": _first(Meeting),
        "invitee": _first(Invitee),
        "meeting_plan": _first(MeetingPlan),
        "meeting_room": hall.pk,
        "bulletin": _first(SupervisionBulletin),
        "feedback": _first(Feedback),
        "exchange_package": _first(ExchangePackage),
        "webhook": _first(WebhookEndpoint),
        "directory_run": _first(DirectorySyncRun),
        "archive_record": _first(ArchiveRecord),
        "archive_component": _first(ArchiveComponent),
        "archive_loan": _first(ArchiveLoan),
        "destruction": _first(Destruction),
        "joint_countersign": _first(JointCountersign),
        "rule": _first(Rule),
        "post": _first(Post),
        "training": _first(TrainingSession),
        "archive_appraisal": _first(Appraisal),
    }
    titles = [
        *IncomingDocument.objects.values_list("title", flat=True),
        *OutgoingDocument.objects.values_list("title", flat=True),
        *SupervisionTask.objects.values_list("title", flat=True),
        *Meeting.objects.values_list("title", flat=True),
    ]
    world.markers = {t for t in titles if len(t) >= 8}
    # A secret 收文's title that an open object's title contains (the 发文 of the same name
    # prefixed with the agency's) is no marker: seeing it there is no leak.
    open_titles = [
        *OutgoingDocument.objects.values_list("title", flat=True),
        *SupervisionTask.objects.values_list("title", flat=True),
        *Meeting.objects.values_list("title", flat=True),
    ]
    world.secret_markers = {
        title
        for title in IncomingDocument.objects.values_list("title", flat=True)
        if not any(title in other for other in open_titles)
    }
    return world


def _training(people: Any) -> None:
    """A 培训 with its attendance (no flow, hence no scenario)."""
    from govoa.handbook.services.learning import training_attendance_record, training_create
    from govoa.testing.handbook import office_head

    head = office_head(people)
    session = training_create(
        actor=head, title="公文写作与格式规范培训", topic="公文写作", held_on=FROZEN_TODAY
    )
    training_attendance_record(
        actor=head, session_id=session.pk, person_id=people.staff.pk, status="present", note=""
    )


def _outsiders_own(person: Any) -> list[str]:
    """The other agency keeps a rules library and training of its own, so that its 404s on
    this agency's rows answer "not yours", not "nothing here": its own rows answer it 200."""
    from govoa.handbook.models import Rule, RuleVersion, TrainingSession

    rule = Rule.objects.create(
        agency=person.agency, code="gongwen", title="审计局公文处理办法", category="documents"
    )
    version = RuleVersion.objects.create(
        rule=rule,
        version="2026 年版",
        effective_on=FROZEN_TODAY,
        body="收文应当逐件登记。",
        change_note="首次制定",
        status="published",
        requester=person,
        approved_by=person,
    )
    Rule.objects.filter(pk=rule.pk).update(status="current", current=version)
    session = TrainingSession.objects.create(
        agency=person.agency,
        title="审计局保密培训",
        topic="保密",
        held_on=FROZEN_TODAY,
        organiser=person,
    )
    return [
        f"/handbook/rules/{rule.pk}/",
        f"/api/v1/rules/{rule.pk}",
        f"/handbook/training/{session.pk}/",
        f"/api/v1/training-sessions/{session.pk}",
    ]


def _node_key(definition: Any) -> str:
    nodes = definition.get("nodes", []) if isinstance(definition, dict) else []
    first = nodes[0] if isinstance(nodes, list) and nodes else next(iter(nodes), {})
    return str(first.get("key", "start")) if isinstance(first, dict) else str(first)


def _outsider() -> Any:
    other = AgencyFactory(name="测试市审计局", short_name="测试市审计局")
    office = DepartmentFactory(agency=other, name="办公室", code="BGS")
    person = PersonFactory(
        department=office,
        username="idor",
        real_name="外机关领导",
        clearance=Classification.TOP_SECRET,
    )
    for role in (Role.LEADER_PRINCIPAL, Role.REGISTRAR, Role.OFFICE_HEAD):
        grant(person, role)
    return person


def _text(response: Any) -> str:
    content_type = response.get("Content-Type", "")
    if getattr(response, "streaming", False) or not content_type.startswith(
        ("text/", "application/json")
    ):
        return ""
    return response.content.decode("utf-8", "replace")


@dataclass
class Tally:
    requests: int = 0
    routes: int = 0
    failures: list[str] = field(default_factory=list)

    def fail(self, who: str, method: str, url: str, why: str) -> None:
        self.failures.append(f"{who:10} {method:4} {url}: {why}")


def _call(client: Client, method: str, url: str, api: bool, tally: Tally) -> Any:
    tally.requests += 1
    if method == "get":
        return client.get(url)
    if api:
        return client.post(url, data="{}", content_type="application/json")
    return client.post(url, data={})


# Reviewed: acts a role performs on any object of its agency that it is cleared for.
ROLE_POWERS = {
    ("api/v1/work-items/<item_id>/remind", "收发员"): "催办 any open item (can_remind)",
    ("api/v1/work-items/<item_id>/remind", "办公室主任"): "催办 any open item (can_remind)",
}
for _role in ("办公室主任", "分管领导", "主要领导"):
    # The office head and the leaders read every department's 督办台账 (supervision.policies).
    ROLE_POWERS[("supervision/bulletin/<department_id>.pdf", _role)] = "督办通报: an export"
    ROLE_POWERS[("supervision/bulletin/<department_id>/send/", _role)] = "督办通报 sent to leaders"


def _role_holders(people: Any) -> dict[str, Any]:
    """One person per business role, holding that role only, cleared to 内部; a department
    head heads the holders' own department, every other role is agency-wide."""
    office = DepartmentFactory(agency=people.planning.agency, name="矩阵处", code="JZC")
    holders = {}
    for role in Role:
        if role in SECURITY_ADMIN_ROLES:
            continue
        person = PersonFactory(
            department=office, username=f"role-{role.value}", clearance=Classification.INTERNAL
        )
        grant(person, role, [office] if role == Role.DEPT_HEAD else None)
        holders[str(role.label)] = person
    return holders


def test_generated_matrix(client, people, settings):
    settings.GOVOA_API_RATE_PER_MINUTE = 0
    world = _world(people)
    outsider = _outsider()
    outsiders_own = _outsiders_own(outsider)
    low = PersonFactory(
        department=people.planning, username="lowclear", clearance=Classification.INTERNAL
    )
    role_holders = _role_holders(people)
    admins = {
        "系统管理员": people.sys_admin,
        "安全保密员": people.sec_admin,
        "审计员": people.audit_admin,
    }
    insiders = [people.principal, people.deputy, people.dept_head, people.registrar, people.staff]
    tally = Tally()
    routes = [r for r in all_routes() if r not in PUBLIC]
    witnessed: set[str] = set()
    unwitnessed: dict[str, set[str]] = {}
    for route in routes:
        url = _fill(route, world)
        api = route.startswith("api/")
        object_keys = _object_keys(route)
        has_object = bool(object_keys)
        admin_screen = route.startswith(ADMIN_PREFIXES)
        tally.routes += 1
        for method in ("get", "post"):
            client.logout()
            response = _call(client, method, url, api, tally)
            if response.status_code == 200 or (
                response.status_code == 302
                and "/accounts/login/" not in response.get("Location", "")
            ):
                tally.fail("匿名", method, url, f"{response.status_code}")
            if api and response.status_code not in (401, 405):
                tally.fail("匿名", method, url, f"API 应为 401，实为 {response.status_code}")
        for who, person in [("外机关", outsider), *admins.items()]:
            if who != "外机关" and admin_screen:
                continue
            client.force_login(person)
            for method in ("get", "post") if has_object else ("get",):
                acts_before = _successful_acts()
                response = _call(client, method, url, api, tally)
                if method == "get" and has_object and response.status_code < 400:
                    tally.fail(who, method, url, f"对象越权：{response.status_code}")
                if method == "post" and response.status_code in (200, 201, 204):
                    tally.fail(who, method, url, f"对象越权：{response.status_code}")
                if method == "post" and _successful_acts() != acts_before:
                    tally.fail(who, method, url, "越权操作被执行（有新的成功审计事件）")
                body = _text(response)
                leaked = [m for m in world.markers if m in body]
                if leaked:
                    tally.fail(who, method, url, f"看到业务数据 {leaked[0]}")
            client.logout()
        if not admin_screen:
            client.force_login(low)
            body = _text(_call(client, "get", url, api, tally))
            leaked = [m for m in world.secret_markers if m in body]
            if leaked:
                tally.fail("低密级", "get", url, f"看到秘密文件 {leaked[0]}")
            client.logout()
            for role, holder in role_holders.items():
                _check_role(client, (route, role), holder, url, has_object, world, tally)
        if object_keys - witnessed - set(NOT_IN_WORLD):
            witnesses = [*insiders, *admins.values()]
            if any(_witness(client, person, url, tally) for person in witnesses):
                witnessed.update(object_keys)
            else:
                unwitnessed.setdefault(url, object_keys)
    for url, keys in unwitnessed.items():
        if keys - witnessed - set(NOT_IN_WORLD):
            tally.fail(
                "本机关",
                "get",
                url,
                f"参数 {sorted(keys - witnessed)} 无人得到 200：不是真实对象？",
            )
    client.force_login(outsider)
    for url in outsiders_own:
        if client.get(url).status_code != 200:
            tally.fail("外机关", "get", url, "本机关自己的制度、培训应为 200")
    print(f"授权矩阵：{tally.routes} 个 URL 模式，{tally.requests} 次请求")
    assert not tally.failures, "\n".join(tally.failures)


def _check_role(
    client: Client,
    route_role: tuple[str, str],
    holder: Any,
    url: str,
    has_object: bool,
    world: World,
    tally: Tally,
) -> None:
    route, role = route_role
    api = route.startswith("api/")
    client.force_login(holder)
    for method in ("get", "post") if has_object else ("get",):
        acts_before = _successful_acts() if method == "post" else 0
        response = _call(client, method, url, api, tally)
        if response.status_code >= 500:
            tally.fail(role, method, url, f"服务器错误 {response.status_code}")
        acted = method == "post" and _successful_acts() != acts_before
        if acted and (_PARAM.sub(r"<\1>", route), role) not in ROLE_POWERS:
            tally.fail(role, method, url, "非经办人的操作被执行（有新的成功审计事件）")
        leaked = [m for m in world.secret_markers if m in _text(response)]
        if leaked:
            tally.fail(role, method, url, f"内部人员看到秘密文件 {leaked[0]}")
    client.logout()


def _successful_acts() -> int:
    from govoa.audit.models import AuditEvent, Outcome

    return AuditEvent.objects.filter(outcome=Outcome.SUCCESS).count()


def _witness(client: Client, person: Any, url: str, tally: Tally) -> bool:
    client.force_login(person)
    tally.requests += 1
    ok = client.get(url).status_code == 200
    client.logout()
    return ok
