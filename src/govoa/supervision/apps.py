from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "govoa.supervision"
    label = "supervision"
    verbose_name = "督查督办"

    def ready(self) -> None:
        # The subject and its flow templates, the receiver of leaders' 批办, the 日程 source.
        from govoa.supervision import agenda, flows, sources  # noqa: F401
