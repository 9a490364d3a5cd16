"""制度修订 and 岗位职责清单 on the flow engine: a revision (or 废止) of a rule, or a new duty
list of a post, is approved by the principal leader — template data an administrator may
change, never the one who asked (``@initiator``)."""

from typing import Any

from django.utils import timezone

from govoa.flow import registry
from govoa.flow.shipped import one_approval
from govoa.flow.workflow import Action
from govoa.handbook.models import PostDutyVersion, RuleVersion
from govoa.handbook.policies import DUTY_TYPE, VERSION_TYPE
from govoa.handbook.services.posts import post_duties_publish
from govoa.handbook.services.rules import rule_version_publish
from govoa.handbook.workflow import DUTIES_FLOW, REVISION_FLOW, VERSION_STATUS_BY_END


class RevisionAdapter(registry.SubjectAdapter):
    subject_type = VERSION_TYPE
    module = "handbook"
    module_label = "制度文件库"
    initiator_label = "提请人"

    def load(self, subject_id: int, *, lock: bool = False) -> RuleVersion:
        qs = RuleVersion.objects.select_for_update() if lock else RuleVersion.objects
        return qs.select_related("rule").get(pk=subject_id)

    def summary(self, subject: RuleVersion) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=f"制度{subject.get_kind_display()}：{subject.rule.title}（{subject.version}）",
            number="",
            classification=0,
            url=f"/handbook/rules/{subject.rule_id}/",
        )

    def on_act(self, act: registry.DomainAct) -> None:
        if act.action == Action.APPROVE:
            act.subject.approved_by, act.subject.approved_at = act.actor, timezone.now()
            act.subject.save(update_fields=["approved_by", "approved_at", "updated_at"])

    def on_finish(self, instance: Any, subject: RuleVersion, status: str) -> None:
        if status == "completed":
            rule_version_publish(subject)
            return
        subject.status = VERSION_STATUS_BY_END[status]
        subject.save(update_fields=["status", "updated_at"])


registry.register_subject(RevisionAdapter())
registry.register_default_template(
    registry.DefaultTemplate(
        code=REVISION_FLOW,
        name="制度制定、修订、废止审批",
        subject_type=VERSION_TYPE,
        definition=one_approval("主要领导审批", "leader_principal", deadline_days=5),
    )
)


class DutiesAdapter(registry.SubjectAdapter):
    subject_type = DUTY_TYPE
    module = "handbook"
    module_label = "岗位职责"
    initiator_label = "拟定人"

    def load(self, subject_id: int, *, lock: bool = False) -> PostDutyVersion:
        qs = PostDutyVersion.objects.select_for_update() if lock else PostDutyVersion.objects
        return qs.select_related("post").get(pk=subject_id)

    def summary(self, subject: PostDutyVersion) -> registry.SubjectSummary:
        return registry.SubjectSummary(
            title=f"岗位职责清单：{subject.post.name}（{subject.effective_on:%Y-%m-%d} 起）",
            number="",
            classification=0,
            url=f"/handbook/posts/{subject.post_id}/",
        )

    def on_act(self, act: registry.DomainAct) -> None:
        if act.action == Action.APPROVE:
            act.subject.approved_by, act.subject.approved_at = act.actor, timezone.now()
            act.subject.save(update_fields=["approved_by", "approved_at"])

    def on_finish(self, instance: Any, subject: PostDutyVersion, status: str) -> None:
        if status == "completed":
            post_duties_publish(subject)
            return
        subject.status = VERSION_STATUS_BY_END[status]
        subject.save(update_fields=["status"])


registry.register_subject(DutiesAdapter())
registry.register_default_template(
    registry.DefaultTemplate(
        code=DUTIES_FLOW,
        name="岗位职责清单审批",
        subject_type=DUTY_TYPE,
        definition=one_approval("主要领导审批", "leader_principal", deadline_days=5),
    )
)
