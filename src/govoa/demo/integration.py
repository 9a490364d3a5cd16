"""Demo 对外接口, made through the real services: a webhook endpoint (paused: the demo has no
receiver to push to) and a trusted peer on another deployment for 跨系统交换, whose public key
comes from a key pair made here for the purpose."""

from govoa.integration.exchange import exchange_key, exchange_peer_add
from govoa.integration.services import webhook_endpoint_create, webhook_endpoint_update
from govoa.integration.sm2 import generate_keypair
from govoa.org.models import Agency, Person


def seed_integration(agency: Agency) -> None:
    admin = Person.objects.get(agency=agency, username__endswith="sysadmin")
    endpoint = webhook_endpoint_create(
        actor=admin,
        name="政务数据共享平台（示例）",
        url="http://127.0.0.1:9/govoa/hooks",
        events=["document.registered", "document.signed", "document.distributed", "item.overdue"],
    )
    webhook_endpoint_update(
        actor=admin,
        pk=endpoint.pk,
        name=endpoint.name,
        url=endpoint.url,
        events=endpoint.events,
        is_active=False,
    )
    exchange_key(agency)
    exchange_peer_add(actor=admin, name="某省发展和改革委员会", public_key=generate_keypair()[1])
