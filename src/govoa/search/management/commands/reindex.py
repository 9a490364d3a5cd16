from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govoa.core.search_sources import search_sources
from govoa.search.indexing import search_reindex


class Command(BaseCommand):
    help = "重建全文检索索引（全部来源，或 --source 指定的一类）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", choices=[s.key for s in search_sources()], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        count = search_reindex(source_key=options["source"])
        self.stdout.write(f"已重建索引：{count} 条记录。")
