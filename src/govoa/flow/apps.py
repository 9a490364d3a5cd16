from django.apps import AppConfig


class FlowConfig(AppConfig):
    name = "govoa.flow"
    label = "flow"
    verbose_name = "工作流"

    def ready(self) -> None:
        from govoa.flow import predicates  # noqa: F401 — registers the built-in predicates
