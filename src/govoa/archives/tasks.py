from django.tasks import task

from govoa.archives.services import filing, loans, packages


@task()
def remind_overdue_loans() -> int:
    """Borrowers whose loan is past its due date (run by the scheduler)."""
    return loans.remind_overdue_loans()


@task()
def check_fixity() -> int:
    """The periodic fixity check of the archived files; returns the records that failed."""
    return len(packages.fixity_check())


@task()
def stamp_pending_records() -> int:
    """Retry the 归档章 of filed records still waiting for it (a failed or interrupted
    stamp); returns how many were stamped."""
    return filing.stamp_pending_records()
