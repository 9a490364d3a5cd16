from django.tasks import task

from govoa.equipment.services.reminders import remind_overdue_checks


@task()
def remind_overdue_device_checks() -> int:
    """Office heads whose agency has devices past their 定期检查 (run by the scheduler)."""
    return remind_overdue_checks()
