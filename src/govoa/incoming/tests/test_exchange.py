from govoa.documents.models import Exchange, ExchangeStatus
from govoa.flow.models import WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.incoming.workflow import Status
from govoa.testing.incoming import receive_by_exchange


def test_exchanged_document_arrives_registered_and_its_receipt_goes_back(
    client, people, monkeypatch
):
    from govoa.audit.models import AuditEvent
    from govoa.documents import exchange as documents_exchange

    acknowledged = []
    monkeypatch.setitem(
        documents_exchange._registry.acknowledgers,
        "test.source",
        lambda exchange, actor: acknowledged.append((exchange.pk, actor)),
    )
    document = receive_by_exchange(people)
    assert document.number.startswith("收〔")
    assert document.channel == "exchange"
    assert document.source_org == "测试市工业和信息化局"
    assert document.status == Status.RECEIVING
    [item] = WorkItem.objects.filter(instance__subject_id=document.pk, status="open")
    assert (item.node_key, item.assignee) == ("receive", people.registrar)
    exchange = Exchange.objects.get(target_id=document.pk)
    assert exchange.status == ExchangeStatus.SENT
    client.force_login(people.registrar)
    response = client.post(
        f"/incoming/{document.pk}/items/{item.pk}/act/", {"action": "approve", "opinion": "已签收"}
    )
    assert response.status_code == 302
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.RECEIVED
    assert exchange.received_by_name == "收发员"
    assert acknowledged == [(exchange.pk, people.registrar)]
    event = AuditEvent.objects.get(action="documents.exchange.receive")
    assert (event.actor_id, event.agency_id, event.object_id) == (
        people.registrar.pk,
        people.agency.pk,
        str(exchange.pk),
    )
    assert event.details == {"number": "测工信发〔2026〕3号", "by": "收发员"}
    document.refresh_from_db()
    assert document.status == Status.SCREENING


def test_an_exchanged_document_is_numbered_with_its_files_copied_and_audited(people):
    from govoa.audit.models import AuditEvent
    from govoa.documents.exchange import exchange_send
    from govoa.documents.files import open_stored, store_generated
    from govoa.testing.factories import AgencyFactory
    from govoa.testing.incoming import PDF, register

    first = register(people)
    sender = AgencyFactory(name="测试市统计局", short_name="测试市统计局")
    files = [
        store_generated(agency_id=sender.pk, name=name, kind="pdf", content=PDF + name.encode())
        for name in ("正文.pdf", "附件1.pdf")
    ]
    exchange = exchange_send(
        actor=people.staff,
        sender_agency=sender,
        receiver_agency=people.agency,
        source_type="test.source",
        source_id=2,
        number="测统发〔2026〕1号",
        title="关于开展统计调查的通知",
        payload={"doc_type": "notice", "classification": 0, "urgency": "urgent"},
        files=files,
    )
    document = IncomingDocument.objects.get(pk=exchange.target_id)
    assert (document.year, document.serial) == (first.year, first.serial + 1)
    attachments = list(document.attachments.select_related("file"))
    assert [(a.order, a.file.name, a.file.agency_id) for a in attachments] == [
        (0, "正文.pdf", people.agency.pk),
        (1, "附件1.pdf", people.agency.pk),
    ]
    with open_stored(attachments[1].file) as handle:
        assert handle.read() == PDF + "附件1.pdf".encode()
    event = AuditEvent.objects.get(action="incoming.document.exchange_arrive")
    assert (event.actor_id, event.agency_id, event.object_id) == (
        None,
        people.agency.pk,
        str(document.pk),
    )
    assert event.details == {
        "number": document.number,
        "from": "测试市统计局",
        "source_number": "测统发〔2026〕1号",
    }
