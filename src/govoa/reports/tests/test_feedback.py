"""意见反馈 → 研判 → 流程优化清单 (a 督办 task), and the yearly handbook revisions."""

import datetime

import pytest

from govoa.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from govoa.reports.models import FeedbackStatus, HandbookRevision
from govoa.reports.services.feedback import (
    Improvement,
    feedback_submit,
    feedback_triage,
    handbook_revision_record,
)
from govoa.supervision.models import SupervisionTask
from govoa.testing.clock import FROZEN_TODAY
from govoa.testing.incoming import incoming_cast
from govoa.testing.permissions import Matrix

pytestmark = pytest.mark.django_db


def _submit(people):
    return feedback_submit(
        actor=people.staff,
        kind="problem",
        procedure="收文拟办",
        content="拟办意见要手工抄写到处理单上，重复劳动。",
    )


def test_accepted_feedback_becomes_a_supervised_improvement(people):
    office_head = incoming_cast(people).office_head
    feedback = _submit(people)
    feedback = feedback_triage(
        actor=office_head,
        feedback_id=feedback.pk,
        accept=True,
        note="采纳，处理单自动带出拟办意见。",
        improvement=Improvement(
            owner_id=people.dept_head.pk,
            deadline=FROZEN_TODAY + datetime.timedelta(days=30),
            goal="处理单自动带出拟办意见。",
        ),
    )
    assert feedback.status == FeedbackStatus.ACCEPTED
    task = SupervisionTask.objects.get(pk=feedback.task_id)
    assert task.title == "流程优化：收文拟办"
    assert task.owner_id == people.dept_head.pk
    assert task.source_type == "reports.feedback"
    with pytest.raises(TransitionNotAllowed):
        feedback_triage(
            actor=office_head, feedback_id=feedback.pk, accept=False, note="x", improvement=None
        )


def test_triage_rules(people):
    office_head = incoming_cast(people).office_head
    feedback = _submit(people)
    with pytest.raises(PermissionDenied):
        feedback_triage(
            actor=people.dept_head,
            feedback_id=feedback.pk,
            accept=False,
            note="不",
            improvement=None,
        )
    with pytest.raises(ValidationFailed):
        feedback_triage(
            actor=office_head, feedback_id=feedback.pk, accept=False, note="", improvement=None
        )
    with pytest.raises(ValidationFailed):
        feedback_submit(actor=people.staff, kind="problem", procedure=" ", content="内容")
    declined = feedback_triage(
        actor=office_head,
        feedback_id=feedback.pk,
        accept=False,
        note="已有规定。",
        improvement=None,
    )
    assert declined.status == FeedbackStatus.DECLINED


def test_handbook_revisions_by_year(people, client):
    office_head = incoming_cast(people).office_head
    feedback = _submit(people)
    handbook_revision_record(
        actor=office_head,
        revised_on=FROZEN_TODAY,
        section="第三章 办文",
        summary="拟办意见由系统带入收文处理单。",
        feedback_id=feedback.pk,
    )
    assert HandbookRevision.objects.get().year == FROZEN_TODAY.year
    with pytest.raises(PermissionDenied):
        handbook_revision_record(
            actor=people.staff, revised_on=FROZEN_TODAY, section="x", summary="y", feedback_id=None
        )
    client.force_login(people.staff)
    page = client.get("/reports/handbook/", {"year": FROZEN_TODAY.year}).content.decode()
    assert "第三章 办文" in page


def test_pages_and_matrix(people, other_agency_person, client):
    office_head = incoming_cast(people).office_head
    feedback = _submit(people)
    for url in ("/reports/feedback/", "/reports/handbook/"):
        Matrix(url).check(client, in_scope=people.staff, out_of_scope=people.sys_admin)
    client.force_login(other_agency_person)
    assert "重复劳动" not in client.get("/reports/feedback/").content.decode()
    client.force_login(people.dept_head)  # not the submitter, not the office
    assert "重复劳动" not in client.get("/reports/feedback/").content.decode()
    triage = f"/reports/feedback/{feedback.pk}/triage/"
    Matrix(
        triage,
        method="post",
        data={f"f{feedback.pk}-decision": "decline", f"f{feedback.pk}-note": "已有规定。"},
        in_scope_status=302,
    ).check(client, in_scope=office_head, out_of_scope=people.staff)
    client.force_login(people.staff)
    response = client.post(
        "/reports/feedback/", {"kind": "suggestion", "procedure": "", "content": ""}
    )
    assert response.status_code == 422
    response = client.post(
        "/reports/feedback/",
        {"kind": "suggestion", "procedure": "会议通知", "content": "增加短信提醒"},
    )
    assert response.status_code == 302
