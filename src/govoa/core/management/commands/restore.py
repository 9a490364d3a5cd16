from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govoa.core.backup import BackupError, backup_check, backup_restore


class Command(BaseCommand):
    help = "把 govoa backup 的备份恢复到一个空的新安装（先逐一核对 SM3 摘要）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="备份目录")
        parser.add_argument("--check", action="store_true", help="只核对备份，不恢复")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["source"])
        try:
            manifest = backup_check(source) if options["check"] else backup_restore(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        verb = "核对无误" if options["check"] else "恢复完成"
        self.stdout.write(f"{verb}：{len(manifest['entries'])} 个文件，摘要全部相符。")
