import datetime
import logging
import signal
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from govoa.core.models import ScheduledRun

logger = logging.getLogger("govoa.scheduler")


def run_due_jobs(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every periodic job whose interval has passed. Several schedulers may run: the
    row lock lets only one of them enqueue a given job."""
    now = now or timezone.now()
    enqueued = []
    for path, interval in settings.GOVOA_PERIODIC_JOBS:
        with transaction.atomic():
            ScheduledRun.objects.bulk_create(
                [ScheduledRun(name=path, last_run_at=now - datetime.timedelta(seconds=interval))],
                ignore_conflicts=True,
            )
            run = ScheduledRun.objects.select_for_update().get(name=path)
            if now - run.last_run_at < datetime.timedelta(seconds=interval):
                continue
            run.last_run_at = now
            run.save(update_fields=["last_run_at"])
            import_string(path).enqueue()
            enqueued.append(path)
    return enqueued


class Command(BaseCommand):
    help = "定时任务调度：按 GOVOA_PERIODIC_JOBS 把到期的任务放入任务队列（由 worker 执行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tick", type=float, default=5.0, help="检查间隔（秒）")
        parser.add_argument("--once", action="store_true", help="只检查一次后退出")

    def handle(self, *args: Any, tick: float, once: bool, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write("调度器已启动。")
        while not stopping:
            try:
                for path in run_due_jobs():
                    logger.info("已排队：%s", path)
            except Exception:  # a bad tick must not stop the scheduler; the next tick retries
                logger.exception("调度检查失败")
            if once:
                break
            time.sleep(tick)
