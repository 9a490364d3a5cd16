from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "govoa.archives"
    label = "archives"
    verbose_name = "档案管理"

    def ready(self) -> None:
        # flows registers the loan and destruction subjects and their approval templates.
        from govoa.archives import flows, search_source  # noqa: F401

        # 档案 in the one search box (through core.search_sources: search sits beside us).
        search_source.register()
