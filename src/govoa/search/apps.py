from django.apps import AppConfig
from django.db import connection
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "govoa.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from govoa.core import search as core_search
        from govoa.core.search_sources import on_search_source
        from govoa.search import indexing, sources, substrings
        from govoa.search.models import SearchEntry

        sources.register_all()
        # Every source, whenever it registers (archives registers after this app is ready).
        on_search_source(indexing.connect_source)
        if connection.vendor != "postgresql":
            # SQLite: the FTS5 table of core.search. PostgreSQL reads the stored
            # ``search_vector`` column and its GIN index instead (migration 0003).
            core_search.register(SearchEntry)
        post_migrate.connect(substrings.ensure_indexes, dispatch_uid="search.substrings")
