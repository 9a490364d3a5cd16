from django.tasks import task

from govoa.flow.services.reminders import scan_deadlines


@task()
def scan_work_item_deadlines() -> dict[str, int]:
    """Reminders before the deadline, overdue marks and escalation (run by the scheduler)."""
    return scan_deadlines()
