from typing import Any

from django.core.management.base import BaseCommand, CommandError

from govoa.audit.chain import verify_chain


class Command(BaseCommand):
    help = "校验审计事件的 SM3 哈希链：完整时输出 OK，否则输出第一个断开的序号。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(result.describe())
        self.stdout.write(result.describe())
