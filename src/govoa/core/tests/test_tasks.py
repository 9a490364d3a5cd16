import datetime

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from govoa.core.tasks import prune_finished_tasks


def _result(days_ago: float | None, status: str = "SUCCESSFUL") -> DBTaskResult:
    finished = None if days_ago is None else timezone.now() - datetime.timedelta(days=days_ago)
    return DBTaskResult.objects.create(
        task_path="govoa.audit.tasks.chain_audit_events",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        status=status,
        finished_at=finished,
    )


def test_finished_task_results_older_than_the_setting_are_pruned(db, settings):
    settings.GOVOA_TASK_RESULT_DAYS = 7
    old, old_failed = _result(8), _result(30, "FAILED")
    recent, waiting = _result(6), _result(None, "READY")
    assert prune_finished_tasks.call() == 2
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent.pk, waiting.pk}
    assert not {old.pk, old_failed.pk} & left


def test_the_scheduler_runs_the_pruning(settings):
    assert ("govoa.core.tasks.prune_finished_tasks", 3600) in settings.GOVOA_PERIODIC_JOBS
