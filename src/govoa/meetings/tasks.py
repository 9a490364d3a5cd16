from django.tasks import task

from govoa.meetings.services.notices import remind_unanswered_due


@task()
def remind_unanswered_receipts() -> int:
    """催回执 for meetings starting within two days (run by the scheduler)."""
    return remind_unanswered_due()
