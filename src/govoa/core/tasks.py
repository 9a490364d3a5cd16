"""Housekeeping of the task queue itself."""

import datetime

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


@task()
def prune_finished_tasks() -> int:
    """Delete task results finished more than ``GOVOA_TASK_RESULT_DAYS`` ago. The scheduler
    enqueues a job every few seconds (the audit chainer every 5 s: ~17,000 rows a day), so
    without this the queue table would grow with history. Returns how many were deleted."""
    before = timezone.now() - datetime.timedelta(days=settings.GOVOA_TASK_RESULT_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lte=before).delete()
    return deleted
