"""Demo 会议 made through the real services: rooms, this year's plan (approved items and one
awaiting the office's review), an approved 主任办公会 with receipts in, and a 专题会 request
awaiting its leader's approval (on the leader's workbench)."""

import datetime

from django.utils import timezone

from govoa.meetings.models import Meeting, MeetingPlan, MeetingRoom
from govoa.meetings.services import notices, plans, requests
from govoa.meetings.workflow import Answer
from govoa.org.models import Agency, Person


def _p(agency: Agency, username: str) -> Person:
    return Person.objects.get(agency=agency, username=username)


def _rooms(agency: Agency) -> dict[str, MeetingRoom]:
    specs = [
        ("第一会议室", "机关大楼3楼301", 60, "投影、扩音、录音、视频会议终端", 7, 12),
        ("第二会议室", "机关大楼3楼305", 24, "投影、扩音", 5, 8),
        ("小会议室", "机关大楼5楼502", 10, "电视屏", 3, 6),
    ]
    return {
        name: MeetingRoom.objects.create(
            agency=agency,
            name=name,
            location=location,
            capacity=capacity,
            equipment=equipment,
            rostrum_seats=rostrum,
            hall_row_seats=row,
        )
        for name, location, capacity, equipment, rostrum, row in specs
    }


def _slot(days: int, hour: int, hours: int) -> tuple[datetime.datetime, datetime.datetime]:
    day = timezone.localdate() + datetime.timedelta(days=days)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return start, start + datetime.timedelta(hours=hours)


def seed_meetings(agency: Agency) -> list[Meeting]:
    wang, zhang = _p(agency, "wangjianguo"), _p(agency, "zhangzhiqiang")
    chen, yang = _p(agency, "chenxiuying"), _p(agency, "yangjing")
    linchao, luo, liuyang = _p(agency, "linchao"), _p(agency, "luozihan"), _p(agency, "liuyang")
    guojun, hexia = _p(agency, "guojun"), _p(agency, "hexia")
    rooms = _rooms(agency)
    year = timezone.localdate().year

    def plan(
        actor: Person, name: str, content: str, scope: str, scale: int, budget: str
    ) -> MeetingPlan:
        return plans.plan_create(
            actor=actor,
            data=plans.PlanData(
                year=year,
                name=name,
                content=content,
                window_start=datetime.date(year, 1, 1),
                window_end=datetime.date(year, 12, 31),
                attendee_scope=scope,
                scale=scale,
                budget=budget,
                place="第一会议室",
            ),
        )

    office_meeting = plan(
        chen, "主任办公会", "研究部署委内重要工作", "委领导、各处室负责人", 20, "0"
    )
    projects = plan(
        linchao,
        "重点项目谋划推进会",
        "研究下一年度市级重点项目储备",
        "分管委领导、相关处室负责人",
        15,
        "500",
    )
    for item in (office_meeting, projects):
        plans.plan_submit(actor=item.created_by, plan=item)
    plans.plan_decide(actor=yang, plan=office_meeting, node_key="review", approve=True)
    plans.plan_decide(actor=wang, plan=office_meeting, node_key="approve", approve=True)
    plans.plan_decide(actor=chen, plan=projects, node_key="review", approve=True)
    plans.plan_decide(actor=wang, plan=projects, node_key="approve", approve=True)
    pending_plan = plan(
        luo, "经济运行分析会", "分析季度经济运行情况", "分管委领导、国民经济综合处", 12, "0"
    )
    plans.plan_submit(actor=luo, plan=pending_plan)

    starts, ends = _slot(3, 9, 2)
    office = requests.meeting_create(
        actor=chen,
        data=requests.MeetingData(
            title="主任办公会",
            starts_at=starts,
            ends_at=ends,
            agenda="一、听取2027年重点项目谋划情况汇报\n二、研究年度预算执行\n三、其他事项",
            expected_outcome="形成会议纪要，明确各项工作的责任处室和时限",
            chair_id=wang.pk,
            approver_id=wang.pk,
            invitee_ids=[zhang.pk, _p(agency, "lihaiyan").pk, linchao.pk, luo.pk, liuyang.pk],
            room_id=rooms["第一会议室"].pk,
            plan_id=office_meeting.pk,
            requirements="请各处室负责人携带本处室重点工作进展材料。",
            contacts="办公室 杨静 0571-12345678",
        ),
    )
    requests.meeting_submit(actor=chen, meeting=office)
    requests.meeting_decide(actor=wang, meeting=office, approve=True, opinion="同意召开。")
    notices.meeting_answer(actor=linchao, meeting=office, answer=Answer.ATTEND)
    notices.meeting_answer(
        actor=luo, meeting=office, answer=Answer.DELEGATE, delegate_name="王海涛"
    )
    notices.meeting_answer(
        actor=liuyang, meeting=office, answer=Answer.LEAVE, reason="参加市政府项目调度会"
    )

    starts, ends = _slot(4, 14, 2)
    topic = requests.meeting_create(
        actor=linchao,
        data=requests.MeetingData(
            title="重点项目谋划推进会",
            starts_at=starts,
            ends_at=ends,
            agenda="一、综合规划处汇报项目储备情况\n二、各处室补充\n三、分管领导讲话",
            expected_outcome="形成下一年度重点项目储备清单的意见",
            chair_id=zhang.pk,
            approver_id=zhang.pk,
            invitee_ids=[guojun.pk, hexia.pk, luo.pk, liuyang.pk],
            room_id=rooms["第二会议室"].pk,
            plan_id=projects.pk,
            contacts="综合规划处 何霞",
        ),
    )
    requests.meeting_submit(actor=linchao, meeting=topic)
    return [office, topic]
