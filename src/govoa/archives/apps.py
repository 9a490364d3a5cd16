from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "govoa.archives"
    label = "archives"
    verbose_name = "档案管理"

    def ready(self) -> None:
        # flows registers the loan and destruction subjects and their approval templates.
        from govoa.archives import flows, search_source  # noqa: F401
        from govoa.archives.models import ArchiveRecord
        from govoa.core import search

        # The catalogue's 题名 search reads ``search_text`` through its index (ADR 0019).
        search.register(ArchiveRecord)

        # 档案 in the one search box (through core.search_sources: search sits beside us).
        search_source.register()
