from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

# Above the largest body Django accepts (GOVOA_REQUEST_MAX_BYTES), so that Django answers a
# too-large request in Chinese; waitress itself cuts off only bodies sent without a length.
BODY_MARGIN = 16 * 1024 * 1024


class Command(BaseCommand):
    help = "启动 Web 服务（waitress，多线程；静态文件由 WhiteNoise 提供）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, host: str, port: int, threads: int, **options: Any) -> None:
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
