"""``govoa verify-pdf FILE``: who stamped the PDF, when, with which seal, intact or altered."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govoa.documents.esign.verify import verify_pdf


class Command(BaseCommand):
    help = "验证 PDF 上的电子印章：谁盖的、何时、哪枚印章、文件是否完好。完好时退出码为 0。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="PDF 文件路径")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        report = verify_pdf(path.read_bytes())
        for line in report.lines():
            self.stdout.write(line)
        if not report.intact:
            raise CommandError("验证未通过：文件没有电子印章，或盖章后已被修改。")
        self.stdout.write("验证通过：文件完好。")
