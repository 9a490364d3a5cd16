"""制度修订 on the flow engine: a revision (or 废止) is approved by the principal leader —
template data an administrator may change, never the one who asked (``@initiator``)."""

from typing import Any

from django.utils import timezone

from govoa.flow import registry
from govoa.flow.definition import node_json
from govoa.flow.workflow import Action
from govoa.handbook.models import RuleVersion
from govoa.handbook.policies import VERSION_TYPE
from govoa.handbook.services.rules import rule_version_publish
from govoa.handbook.workflow import REVISION_FLOW, VERSION_STATUS_BY_END


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
        definition={
            "start": "approve",
            "nodes": [
                node_json(
                    "approve",
                    "主要领导审批",
                    "task",
                    {"kind": "role", "role": "leader_principal", "scope": ""},
                    5,
                    ["approve", "reject", "forward"],
                    [("end", "")],
                    {"approve": "批准", "reject": "不批准"},
                    differ_from=["@initiator"],  # 提请人 never approves their own revision
                ),
                node_json("end", "结束", "end", None, None, [], []),
            ],
        },
    )
)
