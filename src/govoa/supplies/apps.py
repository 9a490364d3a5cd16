from django.apps import AppConfig


class SuppliesConfig(AppConfig):
    name = "govoa.supplies"
    label = "supplies"
    verbose_name = "办公用品"

    def ready(self) -> None:
        from govoa.supplies import flows  # noqa: F401 — registers the subjects and their flows
