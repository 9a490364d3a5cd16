from django.tasks import task

from govoa.reports.services.bulletins import bulletins_issue_due


@task()
def issue_due_bulletins() -> int:
    """督查通报 of the month and quarter just closed, once each (run by the scheduler)."""
    return bulletins_issue_due()
