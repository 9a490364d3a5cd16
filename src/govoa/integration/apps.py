from django.apps import AppConfig


class IntegrationConfig(AppConfig):
    name = "govoa.integration"
    label = "integration"
    verbose_name = "对外接口"

    def ready(self) -> None:
        # Business events become webhook deliveries in the announcing act's transaction.
        from govoa.core.events import receive_business_events
        from govoa.integration.webhooks import record_deliveries

        receive_business_events(record_deliveries)

        from govoa.documents.exchange import register_acknowledger
        from govoa.integration.exchange import SOURCE_TYPE, acknowledge_package

        register_acknowledger(SOURCE_TYPE, acknowledge_package)
