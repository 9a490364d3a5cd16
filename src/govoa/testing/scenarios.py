"""For the transition tests generated from the shipped templates: how to build a subject of
each template's type, put its flow at any node, and fill in the domain part of each act."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from govoa.core.vocabulary import Classification, Role
from govoa.flow.models import FlowInstance, WorkItem
from govoa.flow.services.eligibility import barred_people, effective_reach, reachable
from govoa.flow.services.routing import Context
from govoa.flow.workflow import Action, ItemStatus
from govoa.org.models import Department, Person
from govoa.testing.factories import grant, make_person
from govoa.testing.flows import make_memo, memo_cast, start_memo
from govoa.testing.incoming import incoming_cast, receive_by_exchange, register


def colleague_in_reach(item: WorkItem) -> Person:
    """Someone a 转办 or 加签 of ``item`` may go to: within its node's reach, not barred by its
    separation of duties and holding none of its items — found, or appointed for the test."""
    ctx = Context(instance=item.instance, actor=item.assignee, lock=False)
    node = ctx.definition.node(item.node_key)
    holders = WorkItem.objects.filter(
        instance=item.instance, activation=item.activation, status=ItemStatus.OPEN
    ).values("assignee_id")
    bars = list(barred_people(ctx, node))
    found = reachable(ctx, node, item).exclude(pk__in=holders).exclude(pk__in=bars).first()
    if found is not None:
        return found
    reach = effective_reach(node)
    if reach is None or reach.anyone or not (reach.roles or reach.members):
        # The node's own people (传阅 list, the initiator) or anyone: nobody new is needed to
        # try the act, which the node refuses or allows for whoever it goes to.
        anyone = (
            Person.objects.filter(agency_id=item.instance.agency_id, status="active")
            .exclude(pk__in=holders)
            .exclude(pk__in=bars)
            .first()
        )
        assert anyone is not None
        return anyone
    scope = reach.scope or reach.members
    departments = ctx.adapter.departments(ctx.subject, scope) if scope else []
    if item.department_id:
        departments = [item.department_id]
    home = Department.objects.get(
        pk=departments[0] if reach.members else (item.assignee.department_id or 0)
    )
    person = make_person(
        agency=home.agency,
        department=home,
        username=f"colleague{item.pk}",
        real_name="同岗位人员",
        clearance=Classification.TOP_SECRET,
    )
    covered = Department.objects.filter(pk__in=departments) if reach.scope else None
    for role in reach.roles:
        grant(person, Role(role), covered)
    return person


@dataclass
class Scenario:
    instance: FlowInstance
    # Payload that lets the engine enter any node (e.g. the handler a CHOSEN node needs).
    move_payload: dict[str, Any]
    # Domain fields an act at a node needs, besides the generic ones.
    act_payload: Callable[[WorkItem, str], dict[str, Any]]
    # Someone other than the item's assignee, to forward or add as signer.
    colleague: Callable[[WorkItem], Any]


def memo_scenario(people: Any) -> Scenario:
    cast = memo_cast(people)
    instance = start_memo(people, make_memo(people, cast, countersign=True))
    return Scenario(
        instance=instance,
        move_payload={"next_assignees": [people.deputy.pk]},
        act_payload=lambda item, action: {"next_assignees": [people.deputy.pk]},
        colleague=colleague_in_reach,
    )


def incoming_scenario(people: Any, *, by_exchange: bool = False) -> Scenario:
    cast = incoming_cast(people)
    document = receive_by_exchange(people) if by_exchange else register(people)
    document.proposal_kind = "instruct"
    document.lead_department = people.planning
    document.instructed_by = people.deputy
    document.save()
    document.co_departments.set([people.energy, people.office])
    document.readers.set(cast.readers)
    instance = FlowInstance.objects.get(
        subject_id=document.pk, code="incoming_exchange" if by_exchange else "incoming"
    )

    def act_payload(item: WorkItem, action: str) -> dict[str, Any]:
        if action != Action.APPROVE:
            return {}
        return {
            "propose": {"proposal_kind": "instruct", "next_assignees": [people.deputy.pk]},
            "instruct": {
                "lead_department": people.planning.pk,
                "readers": [r.pk for r in cast.readers],
            },
            "assign": {"next_assignees": [people.staff.pk]},
            # 协办 opened with 承办 has not answered: finishing needs a reason.
            "handle": {"companion_reason": "时限紧迫，不再等待协办意见"},
        }.get(item.node_key, {})

    return Scenario(
        instance=instance,
        move_payload={"next_assignees": [people.staff.pk]},
        act_payload=act_payload,
        colleague=colleague_in_reach,
    )


def outgoing_scenario(people: Any) -> Scenario:
    from django.utils import timezone

    from govoa.outgoing.models import OutgoingDocument
    from govoa.outgoing.services.drafting import outgoing_submit
    from govoa.testing.outgoing import draft, outgoing_cast

    cast = outgoing_cast(people)
    document = draft(people, countersign_department_ids=[people.energy.pk], needs_legal_review=True)
    outgoing_submit(actor=people.staff, document=document)
    # The gates of 签发 are opened and the number 登记编号 would give is set, so that any node
    # may be tried on its own.
    year = timezone.now().year
    OutgoingDocument.objects.filter(pk=document.pk).update(
        reviewed_at=timezone.now(),
        checked_at=timezone.now(),
        number=f"{document.category.word}〔{year}〕1号",
        year=year,
        serial=1,
    )
    instance = FlowInstance.objects.get(subject_id=document.pk, code="outgoing")

    def act_payload(item: WorkItem, action: str) -> dict[str, Any]:
        if action != Action.APPROVE:
            return {}
        payloads: dict[str, dict[str, Any]] = {
            "print": {"checked_by": cast.office_head.pk, "copies": 5},
            "distribute": {"departments": [people.energy.pk]},
        }
        return payloads.get(item.node_key, {})

    return Scenario(
        instance=instance,
        move_payload={},
        act_payload=act_payload,
        colleague=colleague_in_reach,
    )


def outgoing_joint_scenario(people: Any) -> Scenario:
    """A co-issuing agency's 会签 of a 联合行文: the lead's draft reached 联署机关会签."""
    from govoa.flow.services.acts import work_item_act
    from govoa.outgoing.services.drafting import outgoing_submit
    from govoa.testing.joint import co_issuer_cast, joint_draft, request_of
    from govoa.testing.outgoing import outgoing_cast

    outgoing_cast(people)
    co = co_issuer_cast()
    document = joint_draft(people, co)
    outgoing_submit(actor=people.staff, document=document)
    review = WorkItem.objects.get(
        subject_type="outgoing.outgoingdocument", subject_id=document.pk, status="open"
    )
    work_item_act(actor=review.assignee, item_id=review.pk, action="approve", opinion="同意")
    document.refresh_from_db()
    row = request_of(document, co)
    instance = FlowInstance.objects.get(subject_id=row.pk, code="outgoing_joint")
    # 签收 names the head of the handling department (部门负责人审核).
    chosen = {"next_assignees": [co.dept_head.pk]}
    return Scenario(
        instance=instance,
        move_payload=chosen,
        act_payload=lambda item, action: (
            chosen if item.node_key == "receive" and action == "approve" else {}
        ),
        colleague=colleague_in_reach,
    )


def outgoing_joint_seal_scenario(people: Any) -> Scenario:
    """A co-issuing agency's 用印 of a 联合行文: it signed, the lead signed, numbered and
    printed, and reached 用印 (set directly: the lead's own acts are walked above)."""
    from django.utils import timezone

    from govoa.flow.services.acts import work_item_act
    from govoa.outgoing.joint_models import JointCountersign, JointState
    from govoa.outgoing.models import OutgoingDocument
    from govoa.outgoing.services.drafting import outgoing_submit
    from govoa.outgoing.services.joint_seals import JOINT_SEAL_FLOW, seals_request
    from govoa.outgoing.workflow import Status
    from govoa.testing.joint import co_issuer_cast, joint_draft, request_of
    from govoa.testing.outgoing import outgoing_cast

    outgoing_cast(people)
    co = co_issuer_cast("测试市审计局", "sj")
    document = joint_draft(people, co)
    outgoing_submit(actor=people.staff, document=document)
    review = WorkItem.objects.get(
        subject_type="outgoing.outgoingdocument", subject_id=document.pk, status="open"
    )
    work_item_act(actor=review.assignee, item_id=review.pk, action="approve", opinion="同意")
    document.refresh_from_db()
    row = request_of(document, co)
    now = timezone.now()
    JointCountersign.objects.filter(pk=row.pk).update(
        state=JointState.SIGNED, signed_by=co.principal, signed_at=now
    )
    OutgoingDocument.objects.filter(pk=document.pk).update(
        status=Status.SEALING,
        signed_by=people.staff,
        signed_at=now,
        number=f"{document.category.word}〔{now.year}〕1号",
        year=now.year,
        serial=1,
        printed_at=now,
        printed_copies=5,
    )
    document.refresh_from_db()
    seals_request(document)
    instance = FlowInstance.objects.get(subject_id=row.pk, code=JOINT_SEAL_FLOW)
    return Scenario(instance, {}, lambda item, action: {}, colleague_in_reach)


def supervision_scenario(people: Any, *, extension: bool = False) -> Scenario:
    import datetime

    from govoa.supervision.services.extensions import task_extension_request
    from govoa.supervision.services.tasks import task_confirm, task_sign
    from govoa.testing.supervision import assign

    task = assign(people)
    code = "supervision_task"
    if extension:
        task_confirm(actor=people.dept_head, task=task)
        task = task_sign(actor=people.deputy, task=task)
        task_extension_request(
            actor=people.dept_head,
            task=task,
            requested_deadline=task.deadline + datetime.timedelta(days=7),
            reason="等待统计数据",
        )
        code = "supervision_extension"
    instance = FlowInstance.objects.get(subject_id=task.pk, code=code)
    final = {"conclusion": "已完成", "data": "52 个项目", "suggestions": "提交审定"}
    return Scenario(
        instance=instance,
        move_payload={},
        act_payload=lambda item, action: (
            final if item.node_key == "execute" and action == Action.APPROVE else {}
        ),
        colleague=colleague_in_reach,
    )


SCENARIOS: dict[str, Callable[[Any], Scenario]] = {
    "memo_approval": memo_scenario,
    "incoming": incoming_scenario,
    "incoming_exchange": lambda people: incoming_scenario(people, by_exchange=True),
    "outgoing": outgoing_scenario,
    "outgoing_joint": outgoing_joint_scenario,
    "outgoing_joint_seal": outgoing_joint_seal_scenario,
    "supervision_task": supervision_scenario,
    "supervision_extension": lambda people: supervision_scenario(people, extension=True),
}


def requisition_scenario(people: Any) -> Scenario:
    from govoa.supplies.services.requisitions import requisition_create, requisition_submit
    from govoa.testing.supplies import make_item, supplies_cast

    item = make_item(supplies_cast(people).keeper)
    plan = requisition_create(
        actor=people.staff, period_kind="monthly", period="2026-12", lines=[(item.pk, 3)]
    )
    requisition_submit(actor=people.staff, requisition_id=plan.pk)
    instance = FlowInstance.objects.get(subject_type="supplies.requisition", subject_id=plan.pk)
    return Scenario(instance, {}, lambda item, action: {}, colleague_in_reach)


def stocktake_scenario(people: Any) -> Scenario:
    from govoa.supplies.services.stocktakes import (
        stocktake_count,
        stocktake_create,
        stocktake_submit,
    )
    from govoa.testing.supplies import make_item, supplies_cast

    keeper = supplies_cast(people).keeper
    item = make_item(keeper, stock=10)
    stocktake = stocktake_create(actor=keeper, title="季末盘点")
    stocktake_count(actor=keeper, stocktake_id=stocktake.pk, counts={item.pk: 9})
    stocktake_submit(actor=keeper, stocktake_id=stocktake.pk)
    instance = FlowInstance.objects.get(subject_type="supplies.stocktake", subject_id=stocktake.pk)
    return Scenario(instance, {}, lambda item, action: {}, colleague_in_reach)


def seal_usage_scenario(people: Any, seal_type: str) -> Scenario:
    from govoa.testing.seals import make_seal, request_usage, seals_cast

    extra = {"department_id": people.planning.pk} if seal_type == "department" else {}
    seal = make_seal(seals_cast(people), seal_type, name=f"{seal_type}印章", **extra)
    usage = request_usage(people.staff, seal)
    instance = FlowInstance.objects.get(subject_type="seals.sealusage", subject_id=usage.pk)
    return Scenario(instance, {}, lambda item, action: {}, colleague_in_reach)


def seal_change_scenario(people: Any) -> Scenario:
    from govoa.seals.services.changes import seal_change_request
    from govoa.testing.seals import make_seal, seals_cast

    cast = seals_cast(people)
    seal = make_seal(cast)
    change = seal_change_request(
        actor=cast.office_head, seal_id=seal.pk, kind="seal_up", reason="机构调整"
    )
    instance = FlowInstance.objects.get(subject_type="seals.sealstatuschange", subject_id=change.pk)
    return Scenario(instance, {}, lambda item, action: {}, colleague_in_reach)


def _seal_usage(kind: str) -> Callable[[Any], Scenario]:
    return lambda people: seal_usage_scenario(people, kind)


SCENARIOS.update(
    {
        "supplies_requisition": requisition_scenario,
        "supplies_stocktake": stocktake_scenario,
        "seal_status_change": seal_change_scenario,
        **{
            f"seal_usage_{kind}": _seal_usage(kind)
            for kind in ("official", "party", "department", "contract", "steel")
        },
    }
)


def meeting_scenario(people: Any, code: str) -> Scenario:
    from govoa.meetings.models import Minutes
    from govoa.meetings.services import minutes, plans
    from govoa.meetings.services.requests import meeting_submit
    from govoa.testing.clock import FROZEN_TODAY
    from govoa.testing.meetings import approved, office_head, request

    if code == "meeting_plan":
        office_head(people)
        plan = plans.plan_create(
            actor=people.dept_head,
            data=plans.PlanData(
                FROZEN_TODAY.year, "调度会", "调度", FROZEN_TODAY, FROZEN_TODAY, "处室", 5
            ),
        )
        plans.plan_submit(actor=people.dept_head, plan=plan)
        subject_id = plan.pk
    elif code == "meeting_request":
        meeting = request(people)
        meeting_submit(actor=people.dept_head, meeting=meeting)
        subject_id = meeting.pk
    else:
        meeting = approved(people)
        # The minutes drafted (the meeting has taken place: its date is not what is tested).
        Minutes.objects.create(meeting=meeting, summary="会议纪要正文", drafted_by=people.dept_head)
        minutes.minutes_submit(actor=people.dept_head, meeting=meeting)
        subject_id = meeting.pk
    instance = FlowInstance.objects.get(code=code, subject_id=subject_id)
    return Scenario(instance, {}, lambda item, action: {}, colleague_in_reach)


def _meeting(code: str) -> Callable[[Any], Scenario]:
    return lambda people: meeting_scenario(people, code)


SCENARIOS.update(
    {code: _meeting(code) for code in ("meeting_plan", "meeting_request", "meeting_minutes")}
)


def archive_scenario(people: Any, code: str) -> Scenario:
    """A loan of a filed record (非密 or 秘密) under approval, a record put to the appraisal
    committee's vote, or a destruction of an appraised record under approval."""
    import datetime

    from govoa.archives.services.appraisal import (
        AppraisalData,
        archive_appraise,
        archive_destruction_request,
    )
    from govoa.archives.services.loans import LoanData, archive_loan_request
    from govoa.testing.archive_records import (
        INCOMING,
        archives_cast,
        committee_decides,
        filed_record,
        finished_incoming,
    )
    from govoa.testing.clock import FROZEN_TODAY

    cast = archives_cast(people)
    classified = code == "archive_loan_classified"
    if classified:
        people.staff.clearance = Classification.SECRET
        people.staff.save()
    fields: dict[str, Any] = {}
    if classified:
        fields = {"classification": Classification.SECRET, "secrecy_period": "1年"}
    elif code in ("archive_destruction", "archive_appraisal"):  # its 10 years have passed
        fields = {"doc_type": "letter", "written_on": datetime.date(2011, 6, 3)}
    # A number of its own: the matrix builds every scenario in one agency.
    serial = ARCHIVE_CODES.index(code)
    fields["source_number"] = f"某档〔2011〕{serial + 1}号"
    document = finished_incoming(people, title="关于报送年度计划的通知", **fields)
    record = filed_record(cast, INCOMING, document.pk, retention="D10")
    # A member's vote is the act's payload (销毁 or 继续保存), its reason the opinion.
    vote = {"decision": "destroy"} if code == "archive_appraisal" else {}
    if code in ("archive_destruction", "archive_appraisal"):
        (appraisal,) = archive_appraise(
            actor=cast.archivist,
            data=AppraisalData(
                record_ids=[record.pk],
                decision="destroy",
                committee_ids=[p.pk for p in cast.committee],
                opinion="已无查考价值",
            ),
        )
    if code == "archive_appraisal":
        subject_id = appraisal.pk
    elif code == "archive_destruction":
        committee_decides(cast, record.pk)
        subject_id = archive_destruction_request(
            actor=cast.archivist, record_ids=[record.pk], reason="保管期限已满"
        ).pk
    else:
        subject_id = archive_loan_request(
            actor=people.staff,
            data=LoanData(
                record_id=record.pk,
                kind="electronic",
                purpose="起草年度总结查阅",
                due_date=FROZEN_TODAY + datetime.timedelta(days=7),
            ),
        ).pk
    instance = FlowInstance.objects.get(code=code, subject_id=subject_id)
    return Scenario(instance, {}, lambda item, action: vote, colleague_in_reach)


def _archive(code: str) -> Callable[[Any], Scenario]:
    return lambda people: archive_scenario(people, code)


ARCHIVE_CODES = (
    "archive_loan",
    "archive_loan_classified",
    "archive_destruction",
    "archive_appraisal",
)
SCENARIOS.update({code: _archive(code) for code in ARCHIVE_CODES})


def rule_revision_scenario(people: Any) -> Scenario:
    from govoa.testing.handbook import propose_rule

    version = propose_rule(people, code="matrix-rule", title="会议管理规定")
    instance = FlowInstance.objects.get(subject_type="handbook.ruleversion", subject_id=version.pk)
    return Scenario(instance, {}, lambda item, action: {}, colleague_in_reach)


SCENARIOS["rule_revision"] = rule_revision_scenario


def post_duties_scenario(people: Any) -> Scenario:
    from govoa.handbook.services.posts import post_create
    from govoa.testing.handbook import office_head, propose_duties

    post = post_create(actor=office_head(people), name="文秘岗", role="reviewer")
    version = propose_duties(people, post, "公文核稿\n起草综合性文稿")
    instance = FlowInstance.objects.get(
        subject_type="handbook.postdutyversion", subject_id=version.pk
    )
    return Scenario(instance, {}, lambda item, action: {}, colleague_in_reach)


SCENARIOS["post_duties"] = post_duties_scenario


def equipment_disposal_scenario(people: Any) -> Scenario:
    from govoa.equipment.services.care import disposal_request
    from govoa.testing.equipment import equipment_keeper, make_device, wipe

    keeper = equipment_keeper(people)
    device = make_device(keeper, people.staff, asset_number="ZC-SCENARIO")
    wipe(keeper, device, people.registrar)
    request = disposal_request(actor=keeper, device_id=device.pk, kind="scrap", reason="老化")
    instance = FlowInstance.objects.get(
        subject_type="equipment.disposalrequest", subject_id=request.pk
    )
    return Scenario(instance, {}, lambda item, action: {}, colleague_in_reach)


SCENARIOS["equipment_disposal"] = equipment_disposal_scenario
