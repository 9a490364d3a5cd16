from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govoa.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库、文件和审计检查点到一个新目录，并写入带 SM3 摘要的清单。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", help="备份目录（不存在或为空）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_create(Path(options["output"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = sum(e["size"] for e in manifest["entries"])
        self.stdout.write(
            f"备份完成：{len(manifest['entries'])} 个文件，共 {size} 字节，"
            f"数据库 {manifest['engine']}，清单 {options['output']}/manifest.json"
        )
