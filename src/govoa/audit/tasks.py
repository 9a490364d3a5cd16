from django.tasks import task

from govoa.audit.chain import chain_pending


@task()
def chain_audit_events() -> int:
    """Catch-up for events whose after-commit chaining did not run (a crashed process)."""
    return chain_pending()
