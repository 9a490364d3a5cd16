"""Every message the demo produces opens for the person it was sent to (issue 22): a day of
办文 on the demo agencies, then the scheduler's deadline scans a few working days later
(到期提醒, 超期, 超期上报), and every Notification's link is fetched by its recipient."""

import datetime

from django.utils import timezone

from govoa.demo.seed import seed_demo
from govoa.flow.services.reminders import scan_deadlines
from govoa.incoming.models import IncomingDocument
from govoa.notify.models import Notification
from govoa.org.models import Person
from govoa.outgoing.models import OutgoingDocument
from govoa.supervision.services.exports import bulletins_send_weekly
from govoa.supervision.services.progress import remind_unreported

# Kinds the demo must produce, so that the test below cannot pass by producing none.
EXPECTED_KINDS = {
    "flow.item.assigned",
    "flow.item.notice",
    "flow.item.reminded",
    "flow.item.overdue",
    "flow.item.escalation",
    "incoming.extension.requested",
    "incoming.extension.decided",
    "outgoing.distributed",
    "outgoing.archive.due",
    "supervision.report.progress",
    "supervision.report.reminder",
    "supervision.bulletin",
}


def _a_working_day(people):
    """What people do besides acting: a 催办 and an extension asked and granted."""
    from govoa.flow.models import WorkItem
    from govoa.flow.services.reminders import work_item_remind
    from govoa.incoming.services.extensions import extension_decide, extension_request

    overdue = IncomingDocument.objects.get(title="关于报送营商环境评价自评报告的通知")
    handling = WorkItem.objects.get(
        instance__subject_id=overdue.pk, instance__module="incoming", status="open"
    )
    work_item_remind(actor=people["zhaolei"], item_id=handling.pk, note="请今日报送")
    request = extension_request(
        actor=people["guojun"],
        document=overdue,
        requested_deadline=timezone.localdate() + datetime.timedelta(days=5),
        reason="需补充区县数据",
    )
    extension_decide(actor=people["zhangzhiqiang"], request_id=request.pk, approve=True)


def test_every_notification_link_opens_for_its_recipient(
    client, db, time_machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()
    _a_working_day({p.username: p for p in Person.objects.all()})
    time_machine.move_to(timezone.now() + datetime.timedelta(days=7))
    scan_deadlines(timezone.localdate())
    remind_unreported(timezone.localdate())
    bulletins_send_weekly(timezone.localdate())
    notifications = list(Notification.objects.select_related("recipient").order_by("pk"))
    assert {n.kind for n in notifications} >= EXPECTED_KINDS
    failures = []
    for notification in notifications:
        assert notification.url.startswith("/"), notification
        client.force_login(notification.recipient)
        response = client.get(notification.url, follow=True)
        if response.status_code != 200:
            failures.append(
                (
                    notification.kind,
                    notification.recipient.username,
                    notification.url,
                    response.status_code,
                )
            )
    assert failures == [], "\n".join(map(str, failures))


def test_the_archivist_sees_what_was_handed_over_read_only(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()
    wuming = Person.objects.get(username="wuming")
    client.force_login(wuming)
    # The demo's own 通知 (the 批复 in the demo is issued too), and a 收文 handed over.
    issued = OutgoingDocument.objects.get(title__endswith="重点项目谋划储备工作的通知")
    handed_over = IncomingDocument.objects.get(title="关于公布2026年度市级重点项目名单的通知")
    assert handed_over.archive_ready_at is not None
    for url in (
        f"/outgoing/{issued.pk}/",
        f"/api/v1/outgoing-documents/{issued.pk}",
        f"/incoming/{handed_over.pk}/",
        f"/api/v1/incoming-documents/{handed_over.pk}",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/incoming/{handed_over.pk}/").content.decode()
    assert "办理：" not in page  # nothing to act on
    # What is still being handled is not the archivist's.
    running = IncomingDocument.objects.filter(archive_ready_at__isnull=True).first()
    drafting = OutgoingDocument.objects.get(status="drafting")
    assert client.get(f"/incoming/{running.pk}/").status_code == 404
    assert client.get(f"/outgoing/{drafting.pk}/").status_code == 404
    # Still capped by 密级: lower the archivist's clearance below a handed-over secret one.
    IncomingDocument.objects.filter(pk=handed_over.pk).update(classification=3)
    assert client.get(f"/incoming/{handed_over.pk}/").status_code == 404
