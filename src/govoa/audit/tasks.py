from django.tasks import task

from govoa.audit.chain import chain_pending
from govoa.audit.checkpoints import checkpoint_create


@task()
def chain_audit_events() -> int:
    """Chain the events written since the last run (the scheduler runs it every few seconds)."""
    return chain_pending()


@task()
def checkpoint_audit_chain() -> int | None:
    """Chain what is queued, then sign the head if it moved; answers the signed seq."""
    chain_pending()
    checkpoint = checkpoint_create()
    return checkpoint.seq if checkpoint else None
