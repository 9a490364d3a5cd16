from django.tasks import task

from govoa.supervision.services.progress import remind_unreported


@task()
def remind_unreported_tasks() -> int:
    """Owners who have not reported within their task's period (run by the scheduler)."""
    return remind_unreported()
