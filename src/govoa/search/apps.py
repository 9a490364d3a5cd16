from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "govoa.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from govoa.core import search as core_search
        from govoa.search import indexing, sources, substrings
        from govoa.search.models import SearchEntry

        sources.register_all()
        indexing.connect_signals()
        core_search.register(SearchEntry)
        post_migrate.connect(substrings.ensure_indexes, dispatch_uid="search.substrings")
