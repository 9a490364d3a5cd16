from django.apps import AppConfig


class OutgoingConfig(AppConfig):
    name = "govoa.outgoing"
    label = "outgoing"
    verbose_name = "发文"

    def ready(self) -> None:
        from govoa.core import search
        from govoa.outgoing import flows  # noqa: F401 — registers the subject and its flow
        from govoa.outgoing.models import OutgoingDocument

        search.register(OutgoingDocument)
