from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "govoa.handbook"
    label = "handbook"
    verbose_name = "制度与学习"

    def ready(self) -> None:
        # The revision flow, the search source, the clause resolver and the workbench panel.
        from govoa.handbook import flows, sources  # noqa: F401
