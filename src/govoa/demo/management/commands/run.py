"""``govoa run``: the embedded all-in-one server — migrate, seed the demo agencies when the
database is empty, then run the web server, the task worker and the scheduler together under a
supervisor that restarts any of them that dies (``core/supervisor.py``)."""

import signal
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from govoa.core.supervisor import Child, Supervisor
from govoa.demo.management.commands.demo import print_accounts
from govoa.demo.seed import seed_demo
from govoa.org.models import Agency


class Command(BaseCommand):
    help = (
        "一体化启动：迁移数据库、首次运行时建立演示机关，并同时启动 Web 服务、任务执行器和调度器。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-demo", action="store_true", help="数据库为空时也不建立演示机关")
        parser.add_argument(
            "--max-restarts",
            type=int,
            default=5,
            help="某个进程 10 分钟内最多重启几次，超过则停止全部进程并以非零状态退出（默认 5）",
        )

    def handle(
        self, *args: Any, host: str, port: str, no_demo: bool, max_restarts: int, **options: Any
    ) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("数据库已就绪。")
        if not Agency.objects.exists():
            if no_demo:
                self.stdout.write("数据库为空。请用 govoa setup 建立机关和“三员”账户。")
            else:
                seed_demo()
                self.stdout.write("已建立演示机关。")
        print_accounts(self.stdout.write)
        base = [sys.executable, "-m", "govoa.cli"]
        supervisor = Supervisor(
            [
                Child("Web 服务", [*base, "serve", "--host", host, "--port", port]),
                Child("任务执行器", [*base, "worker", "--interval", "1"]),
                Child("调度器", [*base, "scheduler"]),
            ],
            write=self.stderr.write,
            max_restarts=max_restarts,
        )
        signal.signal(signal.SIGTERM, supervisor.request_stop)
        signal.signal(signal.SIGINT, supervisor.request_stop)
        self.stdout.write(f"GovOA 已启动：http://{host}:{port}/  （按 Ctrl+C 停止）")
        self.stdout.flush()
        if supervisor.run():
            sys.exit(1)
