from django.tasks import task

from govoa.supervision.services.exports import bulletins_send_weekly
from govoa.supervision.services.progress import remind_unreported


@task()
def remind_unreported_tasks() -> int:
    """Owners who have not reported within their task's period (run by the scheduler)."""
    return remind_unreported()


@task()
def send_weekly_bulletins() -> int:
    """Each department's 督办通报 of the week to its leaders, once a week."""
    return bulletins_send_weekly()
