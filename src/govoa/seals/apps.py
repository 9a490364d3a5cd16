from django.apps import AppConfig


class SealsConfig(AppConfig):
    name = "govoa.seals"
    label = "seals"
    verbose_name = "印章管理"

    def ready(self) -> None:
        # Registers the subjects and flows, and the recorder of 发文's 用印 step.
        from govoa.seals import flows  # noqa: F401
