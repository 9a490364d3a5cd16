from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "govoa.supervision"
    label = "supervision"
    verbose_name = "督查督办"

    def ready(self) -> None:
        # Registers the subject, its flow templates, and the receiver of leaders' 批办.
        from govoa.supervision import flows, sources  # noqa: F401
