from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govoa.core.errors import GovOAError
from govoa.core.vocabulary import SECURITY_ADMIN_ROLES, Role
from govoa.org.services.setup import security_admin_role_remove, security_admin_role_set


class Command(BaseCommand):
    help = (
        "设置或收回“三员”角色（系统管理员 sys_admin、安全保密管理员 sec_admin、安全审计员 "
        "audit_admin）。只能在命令行操作，系统内任何页面都不能授予或收回“三员”角色。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="账户的登录名")
        parser.add_argument(
            "role", nargs="?", choices=sorted(SECURITY_ADMIN_ROLES), help="要设置的“三员”角色"
        )
        parser.add_argument("--remove", action="store_true", help="收回该账户的“三员”角色")

    def handle(self, *args: Any, username: str, role: str | None, remove: bool, **_: Any) -> None:
        if remove == bool(role):
            raise CommandError("请给出要设置的角色，或使用 --remove 收回（二者选一）。")
        try:
            if role:
                security_admin_role_set(username=username, role=role)
                self.stdout.write(f"{username} 现为{Role(role).label}。")
            else:
                security_admin_role_remove(username=username)
                self.stdout.write(f"已收回 {username} 的“三员”角色；其访问令牌随之失效。")
        except GovOAError as exc:
            detail = "；".join(m for messages in exc.fields.values() for m in messages)
            raise CommandError(detail or exc.message) from exc
