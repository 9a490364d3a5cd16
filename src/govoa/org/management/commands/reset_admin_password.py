from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govoa.core.errors import NotFound
from govoa.org.services.setup import security_admin_password_reset


class Command(BaseCommand):
    help = (
        "重置“三员”账户（系统管理员、安全保密管理员、安全审计员）的密码并解锁，输出一次性新密码。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="三员账户的登录名")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        try:
            password = security_admin_password_reset(username=username)
        except NotFound as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"已重置 {username} 的密码（首次登录须修改）：{password}")
