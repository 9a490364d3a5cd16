from django.apps import AppConfig


class IncomingConfig(AppConfig):
    name = "govoa.incoming"
    label = "incoming"
    verbose_name = "收文"

    def ready(self) -> None:
        from govoa.incoming import flows  # noqa: F401 — registers the subject and its flow
