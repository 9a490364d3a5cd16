from django.apps import AppConfig


class IncomingConfig(AppConfig):
    name = "govoa.incoming"
    label = "incoming"
    verbose_name = "收文"

    def ready(self) -> None:
        from govoa.core import search
        from govoa.incoming import flows  # noqa: F401 — registers the subject and its flow
        from govoa.incoming.models import IncomingDocument

        search.register(IncomingDocument)
