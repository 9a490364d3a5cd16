import io

import pytest
from docx import Document as new_docx

from govoa.audit.models import AuditEvent
from govoa.core.errors import Conflict, PermissionDenied, TransitionNotAllowed, ValidationFailed
from govoa.core.vocabulary import Classification
from govoa.flow.models import WorkItem
from govoa.flow.services.acts import work_item_act
from govoa.flow.services.checklists import every_item_ticked
from govoa.outgoing.draft import EDITABLE
from govoa.outgoing.models import OutgoingDocument, VoidedNumber
from govoa.outgoing.services.drafting import (
    Draft,
    body_from_docx,
    outgoing_attach,
    outgoing_create,
    outgoing_submit,
    outgoing_update,
)
from govoa.outgoing.services.numbers import number_void
from govoa.outgoing.services.versions import diff
from govoa.testing.outgoing import category, draft, outgoing_cast


def _data(people, **fields):
    values = {
        "category_id": category(people).pk,
        "doc_type": "notice",
        "title": f"{people.agency.name}关于测试的通知",
        "recipients": "各区县发展改革局",
        "body": "正文一段。",
    }
    values.update(fields)
    return Draft(**values)


def _act(document, node, **payload):
    item = WorkItem.objects.filter(
        instance__subject_id=document.pk, node_key=node, status="open"
    ).first()
    work_item_act(
        actor=item.assignee,
        item_id=item.pk,
        action="approve",
        opinion="同意",
        payload={**every_item_ticked(item), **payload},
    )
    document.refresh_from_db()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": " "}, "title", "请填写标题"),
        ({"doc_type": "poem"}, "doc_type", "请选择文种"),
        ({"category_id": 99999}, "category_id", "请选择发文类别"),
        ({"publicity": "not_public"}, "publicity_reason", "不予公开须说明理由"),
        ({"classification": Classification.SECRET}, "secrecy_period", "涉密文件须填写保密期限"),
        (
            {"classification": Classification.TOP_SECRET, "secrecy_period": "长期"},
            "classification",
            "涉密等级不足",
        ),
        ({"copies": 0}, "copies", "印制份数应在 1 到 9999 之间"),
        ({"countersign_department_ids": [99999]}, "countersign_department_ids", "本机关的部门"),
    ],
)
def test_bad_drafts_are_refused_and_nothing_is_saved(people, fields, field, message):
    with pytest.raises(ValidationFailed) as excinfo:
        outgoing_create(actor=people.staff, data=_data(people, **fields))
    assert any(message in m for m in excinfo.value.fields[field]), excinfo.value.fields
    assert not OutgoingDocument.objects.exists()


def test_the_three_admins_do_not_draft(people):
    with pytest.raises(PermissionDenied):
        outgoing_create(actor=people.sys_admin, data=_data(people))


def test_versions_are_kept_after_submission_with_who_changed_what(people):
    outgoing_cast(people)
    document = draft(people)
    outgoing_update(
        actor=people.staff,
        document=document,
        data=_data(people, title=document.title, body=document.body + "\n补充一句。"),
    )
    assert document.versions.count() == 0  # before submission: no 修改稿
    outgoing_submit(actor=people.staff, document=document)
    assert document.versions.count() == 1
    # The department head edits at 审核: a second version, saved by them.
    edited = document.body.replace("谋划储备", "谋划")
    fresh = OutgoingDocument.objects.get(pk=document.pk)
    outgoing_update(
        actor=people.dept_head,
        document=fresh,
        data=_data(
            people, title=fresh.title, body=edited, recipients=fresh.recipients, cc=fresh.cc
        ),
    )
    versions = list(fresh.versions.order_by("number"))
    assert [(v.number, v.saved_by, v.node_name) for v in versions] == [
        (1, people.staff, "拟稿"),
        (2, people.dept_head, "部门负责人审核"),
    ]
    changes = diff(versions[0].snapshot, versions[1].snapshot)
    body = next(c for c in changes if c.label == "正文")
    assert any(sign == "-" for sign, _line in body.lines)
    assert any(sign == "+" for sign, _line in body.lines)
    # Someone who holds no item cannot edit.
    with pytest.raises(PermissionDenied):
        outgoing_update(actor=people.principal, document=fresh, data=_data(people))


def test_change_after_signing_goes_back_to_the_signer(people):
    cast = outgoing_cast(people)
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    _act(document, "dept_review")
    _act(document, "office_review")
    _act(document, "leader_sign")
    # At 复核 the office changes the body: a substantive change after 签发.
    outgoing_update(
        actor=cast.office_head,
        document=document,
        data=_data(
            people,
            title=document.title,
            body=document.body + "\n新增要求。",
            recipients=document.recipients,
            cc=document.cc,
        ),
    )
    with pytest.raises(TransitionNotAllowed, match="须退回原签批人复审"):
        _act(document, "recheck")
    item = WorkItem.objects.get(instance__subject_id=document.pk, node_key="recheck", status="open")
    work_item_act(
        actor=item.assignee,
        item_id=item.pk,
        action="return",
        opinion="正文有实质性修改，请重新签发",
        payload={"target_node": "leader_sign"},
    )
    back = WorkItem.objects.get(instance__subject_id=document.pk, status="open")
    assert (back.node_key, back.assignee) == ("leader_sign", people.deputy)
    _act(document, "leader_sign")
    _act(document, "recheck")
    assert document.status == "numbering"


@pytest.mark.parametrize(
    ("change", "label"),
    [
        ({"direction": "lateral"}, "行文方向"),
        ({"urgency": "urgent"}, "紧急程度"),
        ({"copies": 99}, "印制份数"),
        ({"important": True}, "重要公文"),
        ({"countersign_department_ids": "energy"}, "会签部门"),
    ],
)
def test_any_change_to_what_was_signed_goes_back_to_the_signer(people, change, label):
    cast = outgoing_cast(people)
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    for node in ("dept_review", "office_review", "leader_sign"):
        _act(document, node)
    values = {name: getattr(document, name) for name in EDITABLE}
    if change.get("countersign_department_ids") == "energy":
        change = {"countersign_department_ids": [people.energy.pk]}
    outgoing_update(actor=cast.office_head, document=document, data=Draft(**values | change))
    with pytest.raises(TransitionNotAllowed, match="须退回原签批人复审"):
        _act(document, "recheck")
    signed, latest = document.versions.order_by("number")
    assert [c.label for c in diff(signed.snapshot, latest.snapshot)] == [label]


def test_numbers_are_gap_free_per_category_and_voided_ones_stay_recorded(people):
    outgoing_cast(people)
    documents = []
    for n in range(2):
        document = draft(people, title=f"{people.agency.name}关于第{n + 1}件事项的通知")
        outgoing_submit(actor=people.staff, document=document)
        for node in ("dept_review", "office_review", "leader_sign", "recheck", "number"):
            _act(document, node)
        documents.append(document)
    first, second = documents
    assert first.number.endswith("〕1号")
    assert second.number.endswith("〕2号")
    with pytest.raises(PermissionDenied):
        number_void(actor=people.staff, document=first, reason="作废")
    with pytest.raises(ValidationFailed):
        number_void(actor=people.registrar, document=first, reason=" ")
    voided = number_void(actor=people.registrar, document=first, reason="该文撤回，不再印发")
    first.refresh_from_db()
    assert first.number == ""
    assert VoidedNumber.objects.get().number == voided.number
    assert AuditEvent.objects.filter(action="outgoing.number.void", outcome="success").count() == 1
    assert AuditEvent.objects.filter(action="outgoing.number.void", outcome="denied").count() == 1
    with pytest.raises(TransitionNotAllowed):
        number_void(actor=people.registrar, document=first, reason="再作废")
    third = draft(people, title=f"{people.agency.name}关于第3件事项的通知")
    outgoing_submit(actor=people.staff, document=third)
    for node in ("dept_review", "office_review", "leader_sign", "recheck", "number"):
        _act(third, node)
    assert third.number.endswith("〕3号")  # the voided 1号 is never given again


def test_docx_import_and_disguised_attachments(people):
    word = new_docx()
    for text in [
        "为做好工作，现通知如下。",
        "一、总体要求",
        "（一）坚持问题导向",
        "请认真贯彻执行。",
    ]:
        word.add_paragraph(text)
    buffer = io.BytesIO()
    word.save(buffer)
    body = body_from_docx(("正文.docx", buffer))
    assert body.splitlines() == [
        "为做好工作，现通知如下。",
        "一、总体要求",
        "（一）坚持问题导向",
        "请认真贯彻执行。",
    ]
    with pytest.raises(ValidationFailed):
        body_from_docx(("正文.pdf", io.BytesIO(b"%PDF-1.7 not a docx")))
    document = draft(people)
    from govoa.documents.files import FileTypeRefused

    with pytest.raises(FileTypeRefused):
        outgoing_attach(
            actor=people.staff,
            document=document,
            name="项目清单",
            upload=("清单.xlsx", io.BytesIO(b"MZ\x90 not allowed")),
        )
    assert document.attachments.count() == 0


def test_submitting_twice_is_a_conflict(people):
    outgoing_cast(people)
    document = draft(people)
    outgoing_submit(actor=people.staff, document=document)
    with pytest.raises(Conflict):
        outgoing_submit(actor=people.staff, document=document)
