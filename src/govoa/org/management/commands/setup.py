from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govoa.core.errors import ValidationFailed
from govoa.org.services.setup import agency_setup
from govoa.org.signals import agency_set_up


class Command(BaseCommand):
    help = (
        "首次建立一个机关及其“三员”账户（系统管理员、安全保密管理员、安全审计员），"
        "输出一次性初始密码。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="机关全称，如“某市人民政府办公室”")
        parser.add_argument("--short-name", required=True, help="规范化简称")
        parser.add_argument("--doc-code", required=True, help="发文机关代字，如“市府办”")
        parser.add_argument("--fonds-code", required=True, help="全宗号")
        parser.add_argument("--username-prefix", default="", help="三员登录名前缀（多机关平台用）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            agency, accounts = agency_setup(
                name=options["name"],
                short_name=options["short_name"],
                doc_code=options["doc_code"],
                fonds_code=options["fonds_code"],
                username_prefix=options["username_prefix"],
            )
        except ValidationFailed as exc:
            problems = "；".join(m for messages in exc.fields.values() for m in messages)
            raise CommandError(f"输入有误：{problems}") from exc
        agency_set_up.send(sender=type(agency), agency=agency)
        self.stdout.write(f"已建立机关：{agency.name}。以下初始密码只显示一次，首次登录须修改：")
        for account in accounts:
            self.stdout.write(f"  {account.role.label:<10}{account.username:<20}{account.password}")
