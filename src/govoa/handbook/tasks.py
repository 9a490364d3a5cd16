from django.tasks import task

from govoa.handbook.services.learning import study_remind_missing


@task()
def remind_missing_study() -> int:
    """People with no study entry last month, reminded once (run by the scheduler)."""
    return study_remind_missing()
