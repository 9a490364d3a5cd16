"""``govoa serve``: the web server.

On PostgreSQL (production) it runs gunicorn: a master process and ``--workers`` worker
processes (default: one per core) of ``--threads`` threads each, so that requests use every
core instead of one Python interpreter. On SQLite (the embedded setup of ``govoa run``) it
stays one waitress process: SQLite has one writer at a time, and the demo needs no more."""

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

# Above the largest body Django accepts (GOVOA_REQUEST_MAX_BYTES), so that Django answers a
# too-large request in Chinese; waitress itself cuts off only bodies sent without a length.
BODY_MARGIN = 16 * 1024 * 1024
DEFAULT_THREADS = 4


def default_workers() -> int:
    """One worker process per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Command(BaseCommand):
    help = (
        "启动 Web 服务。PostgreSQL（生产模式）下用 gunicorn 多进程多线程；"
        "SQLite（内嵌模式）下用单进程多线程的 waitress。静态文件由 WhiteNoise 提供。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Web 服务进程数（只用于 PostgreSQL；默认每个 CPU 核一个）",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help=f"每个进程的线程数（默认：PostgreSQL 下 {DEFAULT_THREADS}，SQLite 下 8）",
        )
        parser.add_argument(
            "--server",
            choices=["auto", "gunicorn", "waitress"],
            default="auto",
            help="auto（默认）：PostgreSQL 用 gunicorn，SQLite 用 waitress",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=120,
            help="一个请求最长处理多少秒，超过则重启该进程（只用于 PostgreSQL；默认 120）",
        )

    def handle(
        self,
        *args: Any,
        host: str,
        port: int,
        workers: int | None,
        threads: int | None,
        timeout: int,
        server: str,
        **options: Any,
    ) -> None:
        for name, value in (("--workers", workers), ("--threads", threads)):
            if value is not None and value < 1:
                raise CommandError(f"{name} 至少为 1")
        if server == "auto":
            server = "waitress" if connection.vendor == "sqlite" else "gunicorn"
        if server == "waitress":
            if workers not in (None, 1):
                raise CommandError(
                    "waitress（内嵌模式、SQLite）只运行一个 Web 服务进程；"
                    "多进程请使用生产模式（PostgreSQL，gunicorn），见 docs/deployment.md。"
                )
            self._waitress(host, port, threads or 8)
        else:
            self._gunicorn(
                host, port, workers or default_workers(), threads or DEFAULT_THREADS, timeout
            )

    def _waitress(self, host: str, port: int, threads: int) -> None:
        from waitress import serve

        from config.wsgi import application

        self.stdout.write(f"GovOA 正在监听 http://{host}:{port}/")
        serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="GovOA",
            max_request_body_size=settings.GOVOA_REQUEST_MAX_BYTES + BODY_MARGIN,
        )

    def _gunicorn(self, host: str, port: int, workers: int, threads: int, timeout: int) -> None:
        from govoa.core.server import GunicornServer

        # The workers open their own database connections; none is shared across the fork.
        connection.close()
        self.stdout.write(
            f"GovOA 正在监听 http://{host}:{port}/（gunicorn：{workers} 个进程 × {threads} 个线程）"
        )
        self.stdout.flush()
        GunicornServer(
            bind=f"{host}:{port}", workers=workers, threads=threads, timeout=timeout
        ).run()
