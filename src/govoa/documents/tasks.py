from django.tasks import task

from govoa.documents.orphans import sweep_orphans


@task()
def sweep_orphan_files() -> int:
    """Files written by transactions that never committed (see ``documents/orphans.py``)."""
    return sweep_orphans()
