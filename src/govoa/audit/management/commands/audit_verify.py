from typing import Any

from django.core.management.base import BaseCommand, CommandError

from govoa.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "校验审计事件的 SM3 哈希链及其签名检查点（只读）：完整时输出 OK，"
        "否则输出第一个问题所在的序号或审计事件并以非零状态退出。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(result.describe())
        self.stdout.write(result.describe())
