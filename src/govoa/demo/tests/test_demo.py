from django.core.management import call_command

from govoa.audit.chain import chain_pending
from govoa.audit.verify import verify_chain
from govoa.core.vocabulary import Role
from govoa.demo.data import DEMO_PASSWORD
from govoa.demo.seed import seed_demo
from govoa.org.models import Agency, Department, Person, RoleAssignment


def test_demo_agencies_cover_every_role(db):
    report = seed_demo()
    assert report.created == ["某市发展和改革委员会", "某市工业和信息化局"]
    commission = Agency.objects.get(name="某市发展和改革委员会")
    assert 12 <= Department.objects.filter(agency=commission).count() <= 15
    assert 55 <= Person.objects.filter(agency=commission).count() <= 65
    held = set(
        RoleAssignment.objects.filter(person__agency=commission).values_list("role", flat=True)
    )
    assert held == set(Role.values) - {Role.DRAFTER}  # drafting needs no grant
    # Leaders supervise departments: every department but the leaders' own is covered.
    covered = set(
        RoleAssignment.objects.filter(
            person__agency=commission, role=Role.LEADER_DEPUTY
        ).values_list("departments__code", flat=True)
    )
    codes = set(Department.objects.filter(agency=commission).values_list("code", flat=True))
    assert codes - covered <= {"WLD", "XXZX"}
    smaller = Agency.objects.get(name="某市工业和信息化局")
    assert Person.objects.filter(agency=smaller).count() < 20


def test_demo_accounts_log_in_and_the_admins_must_change_password(client, db):
    seed_demo()
    response = client.post("/accounts/login/", {"username": "guojun", "password": DEMO_PASSWORD})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.logout()
    client.post("/accounts/login/", {"username": "sysadmin", "password": DEMO_PASSWORD})
    assert client.get("/")["Location"] == "/accounts/password/"


def test_demo_is_idempotent_and_audited(db, capsys):
    seed_demo()
    count = Person.objects.count()
    call_command("demo")
    assert "演示机关已存在，跳过" in capsys.readouterr().out
    assert Person.objects.count() == count
    chain_pending()  # what the scheduler does within seconds
    result = verify_chain()
    assert result.ok, result.describe()
    assert result.pending == 0


def test_demo_incoming_documents_are_in_every_state(client, db):
    from govoa.flow.models import WorkItem
    from govoa.incoming.models import IncomingDocument

    seed_demo()
    commission = Agency.objects.get(name="某市发展和改革委员会")
    statuses = sorted(
        IncomingDocument.objects.filter(agency=commission).values_list("status", flat=True)
    )
    assert statuses == sorted(
        [
            "screening",
            "proposing",
            "instructing",
            "handling",
            "handling",
            "completed",
            "completed",  # the bureau's 请示, answered by a 批复 (demo/replies.py)
            "returned",
            "screening",
        ]
        # 收文 of earlier years and this year's 简报, finished and handed to the archivist
        # (demo/archives.py): four filed, the 简报 in the queue.
        + ["completed"] * 5
    )
    guojun = Person.objects.get(username="guojun")
    todo = WorkItem.objects.filter(assignee=guojun, status="open", kind="task")
    assert todo.count() == 2
    assert any(item.is_overdue for item in todo)
    client.force_login(guojun)
    page = client.get("/").content.decode()
    assert "关于报送营商环境评价自评报告的通知" in page
    assert "超期" in page
    # The classified one is not in the list of someone without clearance.
    client.force_login(Person.objects.get(username="sunwei"))
    assert "重要物资储备" not in client.get("/incoming/").content.decode()


def test_demo_outgoing_documents_and_the_exchange(db):
    from govoa.flow.models import WorkItem
    from govoa.outgoing.models import OutgoingDocument

    seed_demo()
    commission = Agency.objects.get(name="某市发展和改革委员会")
    statuses = sorted(
        OutgoingDocument.objects.filter(agency=commission).values_list("status", flat=True)
    )
    # The 批复 answering the bureau's 请示 is issued too (demo/replies.py); the joint 通知,
    # stamped by both agencies' keepers, waits for 分发 (demo/joint.py).
    assert statuses == ["checking", "distributing", "drafting", "issued", "issued", "signing"]
    issued = OutgoingDocument.objects.exclude(doc_type="reply").get(
        agency=commission, status="issued"
    )
    assert issued.number.startswith("市发改发〔")
    dengli = Person.objects.get(username="gx.dengli")
    receipt = WorkItem.objects.get(assignee=dengli, status="open", node_key="receive")
    assert receipt.instance.title == issued.title


def test_demo_shows_co_handling_at_work(client, db):
    """A 收文 whose two 协办 departments work beside the 承办人: one answered with material."""
    from govoa.incoming.models import IncomingDocument

    seed_demo()
    document = IncomingDocument.objects.get(title="关于做好2027年重点项目谋划储备工作的通知")
    client.force_login(Person.objects.get(username="guojun"))
    page = client.get(f"/incoming/{document.pk}/").content.decode()
    for expected in ("协办意见", "我处在库项目23个", "固定资产投资在库项目清单.pdf", "待答复"):
        assert expected in page, expected
    from govoa.flow.models import WorkItem

    luozihan = Person.objects.get(username="luozihan")  # the other 协办 head
    item = WorkItem.objects.get(
        instance__subject_id=document.pk, assignee=luozihan, node_key="co_handle", status="open"
    )
    client.force_login(luozihan)
    page = client.get(f"/incoming/{document.pk}/?item={item.pk}").content.decode()
    assert "办理：协办" in page
    assert "协办材料" in page


def test_demo_supervision_tasks_are_in_every_state(client, db):
    from govoa.supervision.models import SupervisionTask
    from govoa.supervision.workflow import Glance

    seed_demo()
    glances = {t.title: t.glance().value for t in SupervisionTask.objects.all()}
    assert glances == {
        "编制2027年市级重点项目清单": Glance.IN_PROGRESS,
        "开展一季度经济运行形势分析": Glance.NOT_STARTED,
        "清理规范性文件": Glance.IN_PROGRESS,
        "报送重点项目开工情况": Glance.OVERDUE,
        "起草重点项目调度工作方案": Glance.COMPLETED,
    }
    client.force_login(Person.objects.get(username="linchao"))
    page = client.get("/supervision/").content.decode()
    assert "编制2027年市级重点项目清单" in page
    assert "已逾期" in page
    assert "调度" in client.get("/supervision/experience/?q=口径").content.decode()


def test_demo_meetings_show_plans_receipts_and_a_pending_approval(client, db):
    from govoa.meetings.models import Meeting, MeetingPlan

    seed_demo()
    statuses = dict(Meeting.objects.values_list("title", "status"))
    assert statuses == {"主任办公会": "approved", "重点项目谋划推进会": "pending"}
    assert sorted(MeetingPlan.objects.values_list("status", flat=True)) == [
        "approved",
        "approved",
        "reviewing",
    ]
    client.force_login(Person.objects.get(username="zhangzhiqiang"))
    assert "重点项目谋划推进会" in client.get("/").content.decode()  # 会议审批 on the workbench
    client.force_login(Person.objects.get(username="linchao"))
    office = Meeting.objects.get(title="主任办公会")
    page = client.get(f"/meetings/{office.pk}/").content.decode()
    assert "请假" in page
    assert "王海涛" in page
    assert client.get("/meetings/rooms/").status_code == 200


def test_demo_archive_has_filed_records_a_queue_loans_and_appraisal_work(client, db):
    from govoa.archives.models import ArchiveLoan, ArchiveRecord

    seed_demo()
    filed = ArchiveRecord.objects.filter(status="filed")
    codes = set(filed.values_list("reference_code", flat=True))
    assert "J031-WS·2014-Y-BGS-0001" in codes
    assert filed.filter(source_type="outgoing.outgoingdocument").exists()
    assert all(r.stamped_file_id for r in filed)
    # Flagged by the 8号令 list, left in the queue for the archivist: the 简报 and a 阅知件.
    waiting = {
        r.title: r.non_archive_reason for r in ArchiveRecord.objects.filter(status="received")
    }
    assert "简报" in waiting["某区发展和改革局工作简报（第12期）"]
    assert "传阅" in waiting["关于公布2026年度市级重点项目名单的通知"]
    # 复文与来文 one 件: the 批复 filed with the 请示 it answers behind it.
    answer = filed.get(title="关于支持工业园区扩区的批复")
    assert answer.note.startswith("来文：市工信〔2026〕5号")
    asked = ArchiveRecord.objects.get(title="关于支持工业园区扩区的请示")
    assert (asked.status, asked.note) == ("excluded", "已与“关于支持工业园区扩区的批复”组为一件")
    assert "processing_sheet" in {c.role for c in answer.components.all()}  # the 请示's 处理单
    assert set(ArchiveLoan.objects.values_list("status", flat=True)) == {"approved", "reviewing"}
    client.force_login(Person.objects.get(username="wuming"))
    appraisal = client.get("/archives/appraisal/").content.decode()
    assert "J031-WS·2014-D10-BGS-0001" in appraisal
    assert "J031-WS·2014-Y-BGS-0001" not in appraisal
    assert "J031-WS·2014-Y-BGS-0001" in client.get("/archives/?year=2014").content.decode()
    client.force_login(Person.objects.get(username="guojun"))
    loan = ArchiveLoan.objects.get(status="approved")
    assert "在线查阅" in client.get(f"/archives/loans/{loan.pk}/").content.decode()


def test_demo_request_answered_by_a_reply_through_the_exchange(client, db):
    """复文 (issue 25): the bureau's 请示 answered by a 批复, its 回执 back, the 收文 closed."""
    from govoa.documents.models import Reply
    from govoa.incoming.models import IncomingDocument
    from govoa.outgoing.models import OutgoingDocument

    seed_demo()
    commission = Agency.objects.get(name="某市发展和改革委员会")
    asked = IncomingDocument.objects.get(agency=commission, title="关于支持工业园区扩区的请示")
    answer = OutgoingDocument.objects.get(agency=commission, doc_type="reply")
    assert (asked.status, asked.reply_method) == ("completed", "document")
    assert answer.status == "issued"
    assert answer.body.startswith("你单位《关于支持工业园区扩区的请示》（市工信〔2026〕5号）收悉")
    link = Reply.objects.get(agency_id=commission.pk, question_id=asked.pk)
    assert (link.answer_id, link.state) == (answer.pk, "received")  # the bureau's 回执
    client.force_login(Person.objects.get(username="zhaolei"))
    page = client.get(f"/incoming/{asked.pk}/").content.decode()
    assert answer.title in page
    client.force_login(Person.objects.get(username="guojun"))
    assert asked.title in client.get(f"/outgoing/{answer.pk}/").content.decode()
