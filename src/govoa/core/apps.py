from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "govoa.core"
    label = "core"
    verbose_name = "基础设施"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from govoa.core import checks  # noqa: F401 — registers the system checks
        from govoa.core.search import ensure_indexes

        post_migrate.connect(ensure_indexes, dispatch_uid="govoa.core.search")
