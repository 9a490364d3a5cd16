import factory

from govoa.notify.models import Notification
from govoa.testing.factories import PersonFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(PersonFactory)
    agency_id = factory.LazyAttribute(lambda o: o.recipient.agency_id)
    kind = "flow.item.assigned"
    title = factory.Sequence(lambda n: f"待办：测试请示第{n}号")
    body = "请及时办理"
    url = factory.Sequence(lambda n: f"/flow/items/{n}/")
