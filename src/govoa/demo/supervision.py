"""Demo 督办 tasks in every state, made through the real services (so their trails, work
items and audit events are real): under way with steps and reports, awaiting confirmation,
awaiting a decision on an extension, overdue (escalated to its leader), and completed with
its 复盘 in the 办事经验 library."""

import datetime

from django.utils import timezone

from govoa.flow.models import WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.org.models import Agency, Person
from govoa.supervision.flows import ACCEPT_CHECKLIST
from govoa.supervision.models import SupervisionTask
from govoa.supervision.policies import SUBJECT_TYPE
from govoa.supervision.services import extensions, progress, reviews, tasks
from govoa.supervision.services.tasks import TaskData, supervision_task_create


def _p(agency: Agency, username: str) -> Person:
    return Person.objects.get(agency=agency, username=username)


def _started(actor: Person, data: TaskData) -> SupervisionTask:
    task = supervision_task_create(actor=actor, data=data)
    tasks.task_confirm(actor=task.owner, task=task, opinion="五要素清楚，确认承接。")
    return tasks.task_sign(actor=actor, task=task, opinion="同意，按期推进。")


def seed_supervision(agency: Agency) -> list[SupervisionTask]:
    zhang, wang, li = _p(agency, "zhangzhiqiang"), _p(agency, "wangjianguo"), _p(agency, "lihaiyan")
    linchao, hexia, guojun = _p(agency, "linchao"), _p(agency, "hexia"), _p(agency, "guojun")
    luo, huting = _p(agency, "luozihan"), _p(agency, "huting")
    today = timezone.localdate()

    def days(n: int) -> datetime.date:
        return today + datetime.timedelta(days=n)

    # 1. Under way: decomposed, two progress reports.
    plan = _started(
        zhang,
        TaskData(
            title="编制2027年市级重点项目清单",
            background="市政府常务会议要求各部门提前谋划2027年重点项目，12月底前报市政府。",
            goal="形成2027年市级重点项目清单（初稿）和编制说明，报委主任办公会审定。",
            deadline=days(25),
            resources="国民经济综合处提供投资数据；固定资产投资处配合项目初审。",
            deliverables="重点项目清单（Excel）、编制说明（Word）。",
            owner_id=linchao.pk,
            leader_id=zhang.pk,
        ),
    )
    for title, owner, start, end in [
        ("梳理项目库存量项目", guojun, -3, 5),
        ("征求各处室和区县意见", hexia, 4, 14),
        ("汇总形成清单初稿", guojun, 12, 22),
    ]:
        progress.task_step_add(
            actor=linchao,
            task=plan,
            data=progress.StepData(title, owner.pk, days(start), days(end)),
        )
    progress.task_report_progress(
        actor=linchao,
        task=plan,
        data=progress.ReportData(
            "已梳理项目库存量项目 212 个。",
            "部分项目投资数据口径不一。",
            "本周与国民经济综合处对表。",
            30,
        ),
    )
    progress.task_report_progress(
        actor=linchao,
        task=plan,
        data=progress.ReportData(
            "已向 14 个处室和 9 个区县征求意见。", "", "汇总意见，形成初稿。", 45
        ),
    )
    # 2. Awaiting the owner's confirmation.
    supervision_task_create(
        actor=wang,
        data=TaskData(
            title="开展一季度经济运行形势分析",
            goal="分析一季度主要经济指标走势，提出稳增长措施建议。",
            deadline=days(40),
            deliverables="经济运行分析报告。",
            owner_id=luo.pk,
            leader_id=wang.pk,
        ),
    )
    # 3. An extension waiting for the assigner.
    rules = _started(
        li,
        TaskData(
            title="清理规范性文件",
            goal="对本委现行有效规范性文件逐件清理，提出保留、修改、废止意见。",
            deadline=days(6),
            deliverables="清理结果目录及说明。",
            owner_id=huting.pk,
        ),
    )
    extensions.task_extension_request(
        actor=huting, task=rules, requested_deadline=days(20), reason="需等待市司法局统一清理口径。"
    )
    # 4. Overdue: its 办理 is three days late (the scheduler escalates it to the leader).
    late = _started(
        zhang,
        TaskData(
            title="报送重点项目开工情况",
            goal="统计本季度重点项目开工情况并报市政府督查室。",
            deadline=days(1),
            deliverables="开工情况统计表。",
            owner_id=linchao.pk,
        ),
    )
    overdue = today - datetime.timedelta(days=3)
    SupervisionTask.objects.filter(pk=late.pk).update(deadline=overdue, original_deadline=overdue)
    WorkItem.objects.filter(
        instance__subject_type=SUBJECT_TYPE,
        instance__subject_id=late.pk,
        status=ItemStatus.OPEN,
        node_key="execute",
    ).update(due_date=overdue)
    # 5. Completed, with its 复盘.
    done = _started(
        zhang,
        TaskData(
            title="起草重点项目调度工作方案",
            goal="建立重点项目月调度、季通报机制。",
            deadline=days(10),
            deliverables="调度工作方案（送审稿）。",
            owner_id=linchao.pk,
        ),
    )
    tasks.task_submit_final(
        actor=linchao,
        task=done,
        conclusion="调度工作方案送审稿已完成。",
        data="覆盖重点项目 186 个，明确调度事项 9 类。",
        suggestions="建议提交委主任办公会审议后印发。",
    )
    tasks.task_accept(
        actor=zhang,
        task=done,
        approve=True,
        opinion="验收通过。",
        checked=list(ACCEPT_CHECKLIST["items"]),  # 办事三实
    )
    reviews.task_review_create(
        actor=linchao,
        task=done,
        difficulties="各处室项目数据来源不一，口径难以统一。",
        improvements="先定口径再收数据；调度表模板提前发各处室试填。",
        experience="牵头类任务先开短会对齐口径，比事后逐一核对省时。",
        keywords="调度 口径 重点项目",
    )
    return [plan, rules, late, done]
