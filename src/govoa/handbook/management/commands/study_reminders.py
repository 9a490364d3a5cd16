import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govoa.handbook.services.learning import study_remind_missing


class Command(BaseCommand):
    help = "提醒上月没有登记政策理论学习的人员（每人每月一次；重复运行不重复提醒）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args: Any, today: datetime.date | None, **options: Any) -> None:
        count = study_remind_missing(today)
        self.stdout.write(f"已提醒 {count} 人。")
