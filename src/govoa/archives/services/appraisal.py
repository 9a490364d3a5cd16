"""鉴定 and 销毁: records whose 保管期限 has ended are put by the archivist to a committee of at
least three; each member records their own decision (keep longer / destroy) with a reason, and
the committee's majority (过半数) decides — every member having voted without a majority, the
record is kept. Destruction is asked only for records the committee's majority decided to
destroy, and approved on the engine by the principal leader (never its own requester);
executing it prints the 销毁清册, deletes the files and keeps the catalogue entry and the
metadata."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from govoa.archives.models import Appraisal, AppraisalVote, ArchiveRecord, Destruction
from govoa.archives.policies import APPRAISAL_TYPE
from govoa.archives.services.common import require_archivist, today_year
from govoa.archives.workflow import (
    LONGER,
    RETENTION_YEARS,
    AppraisalStatus,
    Decision,
    DestructionStatus,
    RecordStatus,
    Retention,
)
from govoa.audit.services import audit_denied, audit_record
from govoa.core.dates import chinese_date
from govoa.core.errors import Conflict, NotFound, TransitionNotAllowed, ValidationFailed
from govoa.documents.files import store_generated
from govoa.documents.models import StoredFile
from govoa.documents.rendering.pdf import html_to_pdf
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import flow_start, work_item_act
from govoa.flow.workflow import Action, ItemStatus
from govoa.org.models import Person

COMMITTEE_MIN = 3


@dataclass(frozen=True)
class AppraisalData:
    record_ids: Sequence[int]
    decision: str
    committee_ids: Sequence[int]
    opinion: str


def _committee(actor: Person, ids: Sequence[int]) -> list[Person]:
    members = list(
        Person.objects.filter(pk__in=set(ids), agency_id=actor.agency_id, status="active")
    )
    if len(members) < COMMITTEE_MIN:
        raise ValidationFailed(
            fields={"committee_ids": [f"鉴定小组至少 {COMMITTEE_MIN} 人（本机关在职人员）。"]}
        )
    return members


APPRAISAL_CODE = "archive_appraisal"


@transaction.atomic
def archive_appraise(*, actor: Person, data: AppraisalData) -> list[Appraisal]:
    """Put records whose 保管期限 has ended to a committee: one 鉴定 per record, each voted on
    the engine (template ``archive_appraisal``: one 待办 per member)."""
    require_archivist(actor, "archives.record.appraise")
    if data.decision not in Decision.values:
        raise ValidationFailed(fields={"decision": ["请选择鉴定意见。"]})
    if not data.opinion.strip() or len(data.opinion) > 300:
        raise ValidationFailed(fields={"opinion": ["请填写鉴定说明（不超过 300 字）。"]})
    members = _committee(actor, data.committee_ids)
    year = today_year()
    records = list(
        ArchiveRecord.objects.select_for_update().filter(
            pk__in=set(data.record_ids),
            agency_id=actor.agency_id,
            classification__lte=actor.clearance,
            status=RecordStatus.FILED,
            keep_until__lt=year,
        )
    )
    if not records or len(records) != len(set(data.record_ids)):
        raise ValidationFailed(fields={"record_ids": ["只能鉴定保管期限已满的已归档档案。"]})
    voting = Appraisal.objects.filter(
        record__in=records, status=AppraisalStatus.VOTING
    ).values_list("record__reference_code", flat=True)
    if voting:
        raise TransitionNotAllowed(f"鉴定小组正在表决：{'、'.join(filter(None, voting))}")
    done = []
    for record in records:
        appraisal = Appraisal.objects.create(
            agency_id=actor.agency_id,
            record=record,
            decision=data.decision,  # the archivist's 初步意见 until the committee decides
            retention_before=record.retention,
            opinion=data.opinion.strip(),
            recorded_by=actor,
            decided_at=timezone.now(),
        )
        appraisal.committee.set(members)
        appraisal.record = record
        # Each member's 待办 (and its notice) comes from the engine.
        flow_start(actor=actor, code=APPRAISAL_CODE, subject=appraisal, opinion=data.opinion)
        audit_record(
            action="archives.record.appraise",
            actor=actor,
            obj=record,
            details={
                "appraisal": appraisal.pk,
                "proposed": data.decision,
                "committee": [m.pk for m in members],
            },
        )
        done.append(appraisal)
    return done


class AlreadyVoted(Conflict):
    code = "already_voted"


def _checked_vote(decision: Any, reason: str, *, reason_field: str = "reason") -> str:
    if decision not in Decision.values:
        raise ValidationFailed(
            "请选择鉴定意见：继续保存或销毁。",
            fields={"decision": ["请选择鉴定意见：继续保存或销毁。"]},
        )
    if not reason.strip() or len(reason) > 300:
        raise ValidationFailed(
            "请填写理由（不超过 300 字）。",
            fields={reason_field: ["请填写理由（不超过 300 字）。"]},
        )
    return str(decision)


def archive_appraisal_vote(
    *, actor: Person, appraisal_id: int, decision: str, reason: str
) -> Appraisal:
    """A committee member's own decision, with the reason: the act on their 待办 of the
    appraisal's flow (the same act as ``/api/v1/work-items/{id}/act`` with
    ``payload.decision``). Only members vote, each once; the majority decides."""
    _checked_vote(decision, reason)
    found = (
        Appraisal.objects.filter(pk=appraisal_id, agency_id=actor.agency_id)
        .select_related("record")
        .first()
    )
    if found is None or found.record.classification > actor.clearance:
        raise NotFound()
    if not found.committee.filter(pk=actor.pk).exists():
        # Before the act, so that the refusal stays in the audit log.
        raise audit_denied(
            action="archives.appraisal.vote",
            actor=actor,
            obj=found.record,
            reason="不是该鉴定小组的成员，不能表决。",
        )
    item = vote_item(found, actor)
    if item is None:
        if found.status != AppraisalStatus.VOTING:
            raise TransitionNotAllowed("该鉴定已有结论，不能再表决。")
        if found.votes.filter(member=actor).exists():
            raise AlreadyVoted("您已表决过，每位成员只能表决一次。")
        raise TransitionNotAllowed("您没有该鉴定的表决待办。")
    work_item_act(
        actor=actor,
        item_id=item.pk,
        action=Action.APPROVE,
        opinion=reason.strip(),
        payload={"decision": decision},
    )
    found.refresh_from_db()
    return found


def vote_item(appraisal: Appraisal, person: Person) -> WorkItem | None:
    """The person's open 表决 待办 of the appraisal (theirs, or one they hold as 代理)."""
    return (
        WorkItem.objects.filter(
            subject_type=APPRAISAL_TYPE,
            subject_id=appraisal.pk,
            assignee=person,
            status=ItemStatus.OPEN,
        )
        .order_by("pk")
        .first()
    )


def appraisal_vote_recorded(
    appraisal: Appraisal, *, member_id: int, actor: Person, decision: Any, reason: str
) -> str:
    """The engine's hook for a 表决 act (in the act's transaction): the member's vote is
    recorded and audited, then the majority decides. Returns the vote's label for the
    办理过程."""
    decision = _checked_vote(decision, reason, reason_field="opinion")
    if appraisal.status != AppraisalStatus.VOTING:
        raise TransitionNotAllowed("该鉴定已有结论，不能再表决。")
    if AppraisalVote.objects.filter(appraisal=appraisal, member_id=member_id).exists():
        raise AlreadyVoted("您已表决过，每位成员只能表决一次。")
    AppraisalVote.objects.create(
        appraisal=appraisal,
        member_id=member_id,
        decision=decision,
        reason=reason.strip(),
        voted_at=timezone.now(),
    )
    audit_record(
        action="archives.appraisal.vote",
        actor=actor,
        obj=appraisal.record,
        details={"appraisal": appraisal.pk, "decision": decision, "member": member_id},
    )
    _decide_if_settled(appraisal, actor)
    return f"表决：{Decision(decision).label}"


def appraisal_flow_ended(appraisal: Appraisal, status: str) -> None:
    """The vote flow ended. Completed: decided by its acts (a committee whose every member
    voted without a majority keeps the record). Cancelled: the 鉴定 is withdrawn and the record
    stays as it was."""
    if appraisal.status != AppraisalStatus.VOTING:
        return
    if status == "completed":
        _decide_if_settled(appraisal, appraisal.recorded_by, everyone_voted=True)
        return
    appraisal.status = AppraisalStatus.CANCELLED
    appraisal.save(update_fields=["status"])


def _decide_if_settled(
    appraisal: Appraisal, actor: Person, *, everyone_voted: bool = False
) -> None:
    size = appraisal.committee.count()
    votes = list(appraisal.votes.values_list("decision", flat=True))
    majority = size // 2 + 1
    if votes.count(Decision.DESTROY) >= majority:
        outcome = Decision.DESTROY
    elif votes.count(Decision.KEEP) >= majority or len(votes) >= size or everyone_voted:
        outcome = Decision.KEEP  # no majority to destroy once everyone voted: kept
    else:
        return
    record = appraisal.record
    appraisal.decision, appraisal.status = outcome, AppraisalStatus.DECIDED
    appraisal.decided_at = timezone.now()
    if outcome == Decision.KEEP:
        longer = LONGER[Retention(record.retention)]
        years = RETENTION_YEARS[longer]
        appraisal.retention_after = longer
        record.keep_until = None if years is None else today_year() + years
        record.save(update_fields=["keep_until"])
    else:
        record.status = RecordStatus.TO_DESTROY
        record.save(update_fields=["status"])
    appraisal.save(update_fields=["decision", "status", "decided_at", "retention_after"])
    audit_record(
        action="archives.appraisal.decide",
        actor=actor,
        obj=record,
        details={
            "appraisal": appraisal.pk,
            "decision": outcome,
            "votes": {d: votes.count(d) for d in Decision.values},
            "committee": size,
        },
    )


def archive_destruction_request(
    *, actor: Person, record_ids: Sequence[int], reason: str
) -> Destruction:
    require_archivist(actor, "archives.destruction.request")
    if not reason.strip() or len(reason) > 300:
        raise ValidationFailed(fields={"reason": ["请填写销毁理由（不超过 300 字）。"]})
    with transaction.atomic():
        records = list(
            ArchiveRecord.objects.select_for_update().filter(
                pk__in=set(record_ids),
                agency_id=actor.agency_id,
                classification__lte=actor.clearance,
                status=RecordStatus.TO_DESTROY,
            )
        )
        if not records or len(records) != len(set(record_ids)):
            raise ValidationFailed(fields={"record_ids": ["只能申请销毁鉴定为销毁的档案。"]})
        pending = Destruction.records.through.objects.filter(
            archiverecord_id__in=[r.pk for r in records],
            destruction__status__in=[DestructionStatus.REVIEWING, DestructionStatus.APPROVED],
        )
        if pending.exists():
            raise TransitionNotAllowed("有的档案已在销毁审批中。")
        destruction = Destruction.objects.create(
            agency_id=actor.agency_id, reason=reason.strip(), requester=actor
        )
        destruction.records.set(records)
        flow_start(actor=actor, code="archive_destruction", subject=destruction)
        audit_record(
            action="archives.destruction.request",
            actor=actor,
            obj=destruction,
            details={"records": [r.reference_code for r in records]},
        )
    return destruction


def destruction_finished(destruction: Destruction, status: str) -> None:
    """The approval ended (inside the act): not approved returns the records to the shelf."""
    destruction.status = status
    destruction.save(update_fields=["status"])
    if status in (DestructionStatus.REJECTED, DestructionStatus.CANCELLED):
        destruction.records.update(status=RecordStatus.FILED)


def _register_pdf(destruction: Destruction, records: list[ArchiveRecord], actor: Person) -> bytes:
    html = render_to_string(
        "archives/print/destruction_register.html",
        {
            "destruction": destruction,
            "records": records,
            "agency": actor.agency.name,
            "executed": chinese_date(timezone.localdate()),
            "executor": actor.real_name,
        },
    )
    return html_to_pdf(html)


def archive_destruction_execute(*, actor: Person, destruction_id: int) -> Destruction:
    """销毁: the 销毁清册 is printed and kept; the files go; the entries stay."""
    require_archivist(actor, "archives.destruction.execute")
    with transaction.atomic():
        destruction = (
            Destruction.objects.select_for_update()
            .filter(pk=destruction_id, agency_id=actor.agency_id)
            .first()
        )
        if destruction is None:
            raise NotFound()
        if destruction.status == DestructionStatus.DONE:
            return destruction
        if destruction.status != DestructionStatus.APPROVED:
            raise TransitionNotAllowed("销毁尚未批准。")
        if destruction.approved_by_id == actor.pk:
            raise TransitionNotAllowed("批准人不能同时监销。")
        records = list(destruction.records.order_by("class_code", "item_number"))
        register = store_generated(
            agency_id=actor.agency_id,
            name="档案销毁清册.pdf",
            kind="pdf",
            content=_register_pdf(destruction, records, actor),
        )
        keys = _delete_files(records)
        now = timezone.now()
        ArchiveRecord.objects.filter(pk__in=[r.pk for r in records]).update(
            status=RecordStatus.DESTROYED, destroyed_at=now, stamped_file=None
        )
        destruction.status, destruction.executed_by, destruction.executed_at = (
            DestructionStatus.DONE,
            actor,
            now,
        )
        destruction.register_file = register
        destruction.save()
        audit_record(
            action="archives.destruction.execute",
            actor=actor,
            obj=destruction,
            details={"records": [r.reference_code for r in records], "files": len(keys)},
        )
        transaction.on_commit(lambda: _delete_bytes(keys))
    return destruction


def _delete_bytes(keys: list[str]) -> None:
    for key in keys:
        default_storage.delete(key)


def _delete_files(records: list[ArchiveRecord]) -> list[str]:
    """The stored rows of the records' files; their bytes go once the transaction commits."""
    from govoa.archives.models import ArchiveComponent

    components = ArchiveComponent.objects.filter(record__in=records, file__isnull=False)
    ids = set(components.values_list("file_id", flat=True))
    ids |= {r.stamped_file_id for r in records if r.stamped_file_id}
    files = StoredFile.objects.filter(pk__in=ids)
    keys = list(files.values_list("storage_key", flat=True))
    components.update(file=None)
    ArchiveRecord.objects.filter(pk__in=[r.pk for r in records]).update(stamped_file=None)
    files.delete()
    return keys


def appraisal_vote_flows_backfill() -> int:
    """For migration 0003: a 鉴定 put to its committee before the vote ran on the engine
    (0002) and still open gets its vote flow, and every vote already cast closes its member's
    待办 with the vote, reason and time in the 办理过程, so that only the members who have not
    voted yet find a 待办. Returns how many were moved; run again, it moves none."""
    from django.db.models import Exists, OuterRef

    from govoa.flow.models import FlowInstance, TrailEntry

    flows = FlowInstance.objects.filter(subject_type=APPRAISAL_TYPE, subject_id=OuterRef("pk"))
    moved = 0
    legacy = Appraisal.objects.filter(status=AppraisalStatus.VOTING).exclude(Exists(flows))
    for appraisal in legacy.select_related("record", "recorded_by").order_by("pk"):
        with transaction.atomic():
            instance = flow_start(
                actor=appraisal.recorded_by,
                code=APPRAISAL_CODE,
                subject=appraisal,
                opinion=appraisal.opinion,
            )
            for vote in appraisal.votes.select_related("member").order_by("voted_at", "pk"):
                item = (
                    WorkItem.objects.filter(
                        instance=instance, assignee_id=vote.member_id, status=ItemStatus.OPEN
                    )
                    .order_by("pk")
                    .first()
                )
                if item is None:
                    continue
                WorkItem.objects.filter(pk=item.pk).update(
                    status=ItemStatus.DONE,
                    action=Action.APPROVE,
                    opinion=vote.reason,
                    acted_by_id=vote.member_id,
                    opened_at=vote.voted_at,
                    done_at=vote.voted_at,
                )
                TrailEntry.objects.create(
                    instance=instance,
                    work_item=item,
                    node_key=item.node_key,
                    node_name=item.node_name,
                    actor_id=vote.member_id,
                    action=Action.APPROVE,
                    opinion=vote.reason,
                    details={"said": f"表决：{vote.get_decision_display()}", "migrated": True},
                    created_at=vote.voted_at,
                )
        moved += 1
    return moved
