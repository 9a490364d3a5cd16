from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govoa.demo.data import DEMO_PASSWORD
from govoa.demo.loadgen.generate import LoadgenError, generate
from govoa.demo.loadgen.scales import SCALES


class Command(BaseCommand):
    help = (
        "生成性能测试用的大规模历史数据（一个机关、多年的收文和发文、待办、消息、审计日志）。"
        "须在空数据库上运行（先 govoa migrate）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        scale = SCALES[options["scale"]]
        quiet = options["verbosity"] < 1
        try:
            report = generate(
                scale,
                seed=options["seed"],
                progress=(lambda line: None) if quiet else self.stdout.write,
            )
        except LoadgenError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"完成：{report.documents} 份公文，用时 {report.seconds:.0f} 秒")
        for label, n in sorted(report.rows.items()):
            self.stdout.write(f"  {label:<50}{n:>12,}")
        self.stdout.write(f"账户（密码均为 {DEMO_PASSWORD}）：")
        for role, username in report.usernames.items():
            self.stdout.write(f"  {role:<8}{username}")
