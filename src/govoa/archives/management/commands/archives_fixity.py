from typing import Any

from django.core.management.base import BaseCommand

from govoa.archives.services.packages import fixity_check


class Command(BaseCommand):
    help = "校验已归档电子档案的 SM3 摘要：不一致的件报告档案员并记审计；全部一致时输出 OK。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--agency", type=int, default=None, help="只校验该机关（编号）")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = fixity_check(agency_id=options["agency"])
        if not failed:
            self.stdout.write("OK")
            return
        for record_id, files in failed:
            self.stdout.write(f"MISMATCH record={record_id} files={'、'.join(files)}")
        raise SystemExit(1)
