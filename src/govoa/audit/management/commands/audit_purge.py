import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from govoa.audit.retention import audit_purge, retention_days
from govoa.core.errors import GovOAError


class Command(BaseCommand):
    help = "清理早于给定日期的审计事件（至少保留 180 天；清理后审计链仍可完整校验）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", required=True, help="清理此日期（YYYY-MM-DD）以前的事件")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = datetime.date.fromisoformat(options["before"])
        except ValueError as exc:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from exc
        before = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        try:
            result = audit_purge(before=before)
        except GovOAError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"已清理 {result.events} 条审计事件（链序号至 {result.up_to_seq}），"
            f"保留期 {retention_days()} 天；审计链从第 {result.up_to_seq + 1} 条起继续校验。"
        )
