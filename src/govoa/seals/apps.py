from django.apps import AppConfig


class SealsConfig(AppConfig):
    name = "govoa.seals"
    label = "seals"
    verbose_name = "印章管理"

    def ready(self) -> None:
        # Registers the subjects and flows, the recorder of 发文's 用印 step and the
        # workbench panel (待用印).
        from govoa.seals import flows, sources  # noqa: F401
