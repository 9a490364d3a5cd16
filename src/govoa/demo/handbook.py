"""Demo 制度与学习, made through the real services: the office's rules (公文处理办法 revised
once, 会议管理规定, the office handbook, 保管期限表 under approval), posts for 收发, 文秘 and
档案 with their duty lists (approved on the engine), study entries and a 公文写作 training
with attendance; the bureau's own rule and training."""

import datetime

from django.utils import timezone

from govoa.demo.acting import act_on
from govoa.handbook.policies import DUTY_TYPE, VERSION_TYPE
from govoa.handbook.services.learning import (
    study_record,
    training_attendance_record,
    training_create,
)
from govoa.handbook.services.posts import post_create, post_duties_propose
from govoa.handbook.services.rules import RevisionData, rule_propose, rule_revise
from govoa.org.models import Agency, Person

DOCUMENTS = [
    "为规范本委公文处理工作，根据《党政机关公文处理工作条例》，制定本办法。",
    "公文处理坚持实事求是、准确规范、精简高效、安全保密的原则。",
    "收文应当逐件登记，一文一号，登记后送办公室主任拟办。",
    "批办应明确主办、协办部门和办理时限，急件 2 个工作日、普通件 5 个工作日内办结。",
    "发文应经拟稿、审核、核稿、签发、复核、编号、校对、印制、用印、分发各环节。",
    "涉密公文的处理按保密有关规定执行。",
]
MEETINGS = [
    "本委会议实行年度计划管理，临时会议须说明理由。",
    "会议通知应写明时间、地点、参会人员、议程和预期成果。",
    "会前一天和会议当天，承办人按检查清单检查会场。",
    "会议纪要应在会后 24 小时内起草，经主持领导审签后印发。",
]
HANDBOOK = [
    "办公室工作坚持办文规范、办会周到、办事高效。",
    "每人每月学习 1–2 篇政策法规文件，并登记学习体会。",
    "本手册每年修订一次，由办公室提请、主要领导批准。",
]
RETENTION = [
    "本委重要决策、规划文件：永久。",
    "一般工作文件：30 年。",
    "事务性文件：10 年。",
]
POSTS = [
    ("收发岗", "registrar", ["公文签收、登记、分送", "催办与办结确认", "电子公文交换"]),
    ("文秘岗", "reviewer", ["公文核稿，把好政策关、文字关、格式关", "起草综合性文稿"]),
    ("档案岗", "archivist", ["文件材料收集、整理、归档", "档案借阅登记与利用", "保管期限到期鉴定"]),
]


def seed_handbook(agency: Agency) -> None:
    def person(username: str) -> Person:
        return Person.objects.get(agency=agency, username=username)

    office_head, principal = person("chenxiuying"), person("wangjianguo")
    today = timezone.localdate()
    start = today.replace(month=1, day=1)

    def propose(code: str, title: str, category: str, lines: list[str], approve: bool) -> int:
        version = rule_propose(
            actor=office_head,
            code=code,
            title=title,
            category=category,
            data=RevisionData(f"{start.year - 1} 年版", start, "\n".join(lines), "首次制定"),
        )
        if approve:
            act_on(VERSION_TYPE, version.pk, actor=principal, opinion="同意发布")
        return version.rule_id

    documents = propose("gongwen", "公文处理办法", "documents", DOCUMENTS, True)
    revision = rule_revise(
        actor=office_head,
        rule_id=documents,
        data=RevisionData(
            f"{start.year} 年版", start, "\n".join(DOCUMENTS), "按年度修订，明确办理时限"
        ),
    )
    act_on(VERSION_TYPE, revision.pk, actor=principal, opinion="同意")
    propose("huiyi", "会议管理规定", "meetings", MEETINGS, True)
    propose("shouce", "办公室工作手册", "handbook", HANDBOOK, True)
    propose("baoguan", "文件材料归档范围和保管期限表", "retention", RETENTION, False)

    for name, role, duties in POSTS:
        post = post_create(actor=office_head, name=name, role=role)
        version = post_duties_propose(
            actor=office_head, post_id=post.pk, duties="\n".join(duties), effective_on=start
        )
        act_on(DUTY_TYPE, version.pk, actor=principal, opinion="同意")

    for username, days_ago, title in [
        ("zhaolei", 3, "学习《党政机关公文处理工作条例》"),
        ("guojun", 5, "学习《优化营商环境条例》"),
        ("linchao", 8, "学习《公文处理办法》（本委）"),
    ]:
        study_record(
            actor=person(username),
            studied_on=max(today.replace(day=1), today - datetime.timedelta(days=days_ago)),
            title=title,
            note="结合本岗位工作做了笔记",
            rule_id=documents if "本委" in title else None,
        )
    session = training_create(
        actor=office_head,
        title="公文写作与格式规范培训",
        topic="公文写作",
        held_on=today - datetime.timedelta(days=7),
        place="机关大楼 3 楼会议室",
    )
    for username, status, note in [
        ("zhaolei", "present", "掌握了版头、主体、版记的格式要求"),
        ("guojun", "present", "学会了分级标题的用法"),
        ("linchao", "leave", "外出调研"),
    ]:
        training_attendance_record(
            actor=office_head,
            session_id=session.pk,
            person_id=person(username).pk,
            status=status,
            note=note,
        )


BUREAU_RULE = [
    "为规范本局公文处理工作，根据市发展改革委《公文处理办法》，制定本细则。",
    "收文由办公室统一签收、登记，当日送局领导批办。",
    "发文由办公室核稿后送局长签发。",
]


def seed_handbook_bureau(agency: Agency) -> None:
    """The other agency keeps its own rules and training: what the commission's people may
    never see (and the other way round)."""

    def person(username: str) -> Person:
        return Person.objects.get(agency=agency, username=username)

    office_head, principal = person("gx.tangwei"), person("gx.qianmingyuan")
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    version = rule_propose(
        actor=office_head,
        code="gongwen",
        title="市工信局公文处理实施细则",
        category="documents",
        data=RevisionData(f"{start.year} 年版", start, "\n".join(BUREAU_RULE), "首次制定"),
    )
    act_on(VERSION_TYPE, version.pk, actor=principal, opinion="同意发布")
    session = training_create(
        actor=office_head,
        title="市工信局保密知识培训",
        topic="保密",
        held_on=today - datetime.timedelta(days=10),
        place="局机关 2 楼会议室",
    )
    for username, status, note in [
        ("gx.penglei", "present", "掌握了涉密载体管理要求"),
        ("gx.panqiang", "present", "了解了移动存储介质的使用规定"),
    ]:
        training_attendance_record(
            actor=office_head,
            session_id=session.pk,
            person_id=person(username).pk,
            status=status,
            note=note,
        )
