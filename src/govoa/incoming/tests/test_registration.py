import datetime
import io
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govoa.audit.models import AuditEvent
from govoa.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from govoa.core.models import Sequence
from govoa.core.vocabulary import Classification
from govoa.documents.files import FileTooLarge, FileTypeRefused
from govoa.documents.models import StoredFile
from govoa.flow.models import WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.incoming.services.registration import (
    MAX_ATTACHMENTS,
    DuplicateRegistration,
    incoming_add_attachments,
    incoming_register,
    incoming_register_or_replay,
)
from govoa.incoming.workflow import Status
from govoa.testing.incoming import PDF, register, registration

YEAR = timezone.localdate().year


def _nothing_saved(before):
    assert (
        IncomingDocument.objects.count(),
        StoredFile.objects.count(),
        WorkItem.objects.count(),
    ) == before
    assert not Sequence.objects.filter(kind="incoming", last_value__gt=0).exists()


def _counts():
    return (IncomingDocument.objects.count(), StoredFile.objects.count(), WorkItem.objects.count())


def test_register_numbers_attaches_and_starts_screening(people):
    first = register(people)
    second = register(people, source_number="某发改〔2026〕89号", title="第二件")
    assert first.number == f"收〔{YEAR}〕1号"
    assert second.number == f"收〔{YEAR}〕2号"
    assert first.status == Status.SCREENING
    [attachment] = first.attachments.all()
    assert attachment.file.name == "通知正文.pdf"
    assert attachment.file.size == len(PDF)
    [item] = WorkItem.objects.filter(instance__subject_id=first.pk)
    assert (item.node_key, item.assignee) == ("screen", people.registrar)
    event = AuditEvent.objects.get(action="incoming.document.register", object_id=str(first.pk))
    assert event.details["number"] == first.number


def test_same_source_and_number_warns_then_links(people):
    first = register(people)
    with pytest.raises(DuplicateRegistration) as excinfo:
        register(people)
    assert excinfo.value.earlier == first
    assert first.number in excinfo.value.message
    assert excinfo.value.status == 409
    again = register(people, confirm_duplicate=True)
    assert again.duplicate_of == first


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"source_org": ""}, "source_org", "请填写来文单位"),
        ({"title": "  "}, "title", "请填写标题"),
        ({"doc_type": "poem"}, "doc_type", "请选择文种"),
        (
            {"written_on": timezone.localdate() + datetime.timedelta(days=3)},
            "written_on",
            "成文日期不能晚于收文日期",
        ),
        (
            {"due_date": timezone.localdate() - datetime.timedelta(days=30)},
            "due_date",
            "限办日期不能早于收文日期",
        ),
        (
            {"received_at": timezone.now() + datetime.timedelta(days=1)},
            "received_at",
            "收文时间不能晚于现在",
        ),
        ({"classification": Classification.SECRET}, "secrecy_period", "涉密文件须填写保密期限"),
        (
            {"classification": Classification.TOP_SECRET, "secrecy_period": "30年"},
            "classification",
            "涉密等级不足",
        ),
        ({"copies": 0}, "copies", "份数应在 1 到 999 之间"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_saves_nothing(people, fields, field, message):
    before = _counts()
    with pytest.raises(ValidationFailed) as excinfo:
        register(people, **fields)
    assert any(message in m for m in excinfo.value.fields[field]), excinfo.value.fields
    _nothing_saved(before)


def test_oversize_and_disguised_attachments_save_nothing(people, settings):
    settings.GOVOA_UPLOAD_MAX_BYTES = 1024
    before = _counts()
    with pytest.raises(FileTooLarge):
        register(people, uploads=[("大.pdf", io.BytesIO(PDF + b"0" * 2048))])
    with pytest.raises(FileTypeRefused):
        register(people, uploads=[("伪装.pdf", io.BytesIO(b"MZ\x90\x00not a pdf"))])
    with pytest.raises(FileTypeRefused, match="扩展名与内容不符"):
        register(people, uploads=[("图.pdf", io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 10))])
    _nothing_saved(before)


def test_only_registrars_register(people):
    with pytest.raises(PermissionDenied):
        incoming_register(actor=people.staff, data=registration())
    assert (
        AuditEvent.objects.filter(action="incoming.document.register", outcome="denied").count()
        == 1
    )


def test_idempotency_key_gives_one_record(people):
    first = incoming_register(
        actor=people.registrar, data=registration(), idempotency_key="abc-123"
    )
    second = incoming_register(
        actor=people.registrar, data=registration(title="另一个标题"), idempotency_key="abc-123"
    )
    assert first == second
    assert IncomingDocument.objects.count() == 1


def test_a_received_time_without_a_time_zone_is_local_time(people):
    local = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
    document = register(people, received_at=local - datetime.timedelta(hours=1))
    document.refresh_from_db()
    assert timezone.localtime(document.received_at).replace(tzinfo=None) == local - (
        datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationFailed) as excinfo:
        register(people, received_at=local + datetime.timedelta(days=1), source_number="")
    assert excinfo.value.fields["received_at"] == ["收文时间不能晚于现在。"]


@pytest.mark.parametrize(
    ("received_at", "message"),
    [
        (
            datetime.datetime(1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=14))),
            "收文时间不合理。",
        ),
        (datetime.datetime(1, 1, 1), "收文时间不合理。"),
        (
            datetime.datetime(
                9999, 12, 31, 23, tzinfo=datetime.timezone(-datetime.timedelta(hours=14))
            ),
            "收文时间不能晚于现在。",
        ),
    ],
)
def test_received_times_at_the_ends_of_the_calendar_are_refused(people, received_at, message):
    before = _counts()
    with pytest.raises(ValidationFailed) as excinfo:
        register(people, received_at=received_at)
    assert excinfo.value.fields["received_at"] == [message]
    _nothing_saved(before)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "长" * 301}, "title"),
        ({"source_org": "单" * 101}, "source_org"),
        ({"remarks": "备" * 301}, "remarks"),
        ({"classification": 9}, "classification"),
        ({"urgency": "someday"}, "urgency"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_the_models_own_checks_refuse_in_chinese_and_save_nothing(people, fields, field):
    before = _counts()
    with pytest.raises(ValidationFailed) as excinfo:
        register(people, **fields)
    [message] = excinfo.value.fields[field]
    assert any("\u4e00" <= c <= "\u9fff" for c in message), message
    _nothing_saved(before)


def test_a_field_refused_by_a_domain_check_gets_one_message(people):
    with pytest.raises(ValidationFailed) as excinfo:
        register(people, source_org="  ", title="")
    assert excinfo.value.fields["source_org"] == ["请填写来文单位。"]
    assert excinfo.value.fields["title"] == ["请填写标题。"]


def _duplicate_lookups(action):
    with CaptureQueriesContext(connection) as captured:
        action()
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and '"source_number" = ' in q["sql"]
    ]


def test_the_earlier_registration_is_looked_up_once(people):
    assert len(_duplicate_lookups(lambda: register(people))) == 1
    assert len(_duplicate_lookups(lambda: register(people, confirm_duplicate=True))) == 1
    second = IncomingDocument.objects.latest("pk")
    assert second.duplicate_of is not None
    event = AuditEvent.objects.get(action="incoming.document.register", object_id=str(second.pk))
    assert event.details["duplicate_of"] == second.duplicate_of.number


def test_a_refused_duplicate_takes_no_number(people):
    first = register(people)
    with pytest.raises(DuplicateRegistration):
        register(people)
    assert register(people, source_number="另一文号").serial == first.serial + 1


def test_register_or_replay_says_whether_it_registered(people):
    first, created = incoming_register_or_replay(
        actor=people.registrar, data=registration(), idempotency_key="k-9"
    )
    again, created_again = incoming_register_or_replay(
        actor=people.registrar, data=registration(), idempotency_key="k-9"
    )
    assert (created, created_again) == (True, False)
    assert again == first


def _closed(document, **fields):
    IncomingDocument.objects.filter(pk=document.pk).update(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Status.COMPLETED},
        {"status": Status.RETURNED},
        {"status": Status.CANCELLED},
        {"archive_ready_at": timezone.now()},
    ],
)
def test_no_attachments_once_closed_or_handed_over(people, fields):
    document = register(people)  # the object keeps its old (open) state: the row decides
    _closed(document, **fields)
    with pytest.raises(TransitionNotAllowed, match="不能再补充附件"):
        incoming_add_attachments(
            actor=people.registrar,
            document=document,
            uploads=[("补充.pdf", io.BytesIO(PDF))],
        )
    assert document.attachments.count() == 1
    assert not AuditEvent.objects.filter(action="incoming.attachment.add").exists()


def test_attachments_are_added_while_open_up_to_the_limit(people):
    document = register(people)
    incoming_add_attachments(
        actor=people.registrar, document=document, uploads=[("补充.pdf", io.BytesIO(PDF))]
    )
    assert list(document.attachments.values_list("order", flat=True)) == [0, 1]
    uploads = [(f"{n}.pdf", io.BytesIO(PDF)) for n in range(MAX_ATTACHMENTS - 1)]
    with pytest.raises(ValidationFailed) as excinfo:
        incoming_add_attachments(actor=people.registrar, document=document, uploads=uploads)
    assert excinfo.value.fields == {"attachments": [f"附件不能超过 {MAX_ATTACHMENTS} 个。"]}
    assert document.attachments.count() == 2


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_additions_never_pass_the_limit(people):
    document = register(people)  # one attachment
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        try:
            barrier.wait()
            incoming_add_attachments(
                actor=people.registrar,
                document=document,
                uploads=[(f"{n}.pdf", io.BytesIO(PDF)) for n in range(6)],
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [type(e) for e in errors] == [ValidationFailed]
    assert document.attachments.count() == 1 + 3 * 6
    assert sorted(document.attachments.values_list("order", flat=True)) == list(range(19))
