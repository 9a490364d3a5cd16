"""``govoa run``: the embedded all-in-one server — migrate, seed the demo agencies when the
database is empty, then run the web server, the task worker and the scheduler together."""

import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

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

    def handle(self, *args: Any, host: str, port: str, no_demo: bool, **options: Any) -> None:
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
        children = [
            subprocess.Popen([*base, "serve", "--host", host, "--port", port]),  # noqa: S603
            subprocess.Popen([*base, "worker", "--interval", "1"]),  # noqa: S603
            subprocess.Popen([*base, "scheduler"]),  # noqa: S603
        ]
        self.stdout.write(f"GovOA 已启动：http://{host}:{port}/  （按 Ctrl+C 停止）")

        def stop(signum: int, frame: FrameType | None) -> None:
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            stop(signal.SIGTERM, None)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [c.args for c in children if c.returncode not in (0, -signal.SIGTERM, None)]
        if failed:
            self.stderr.write(f"有进程异常退出：{failed}")
            sys.exit(1)
