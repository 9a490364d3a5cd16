from django.contrib.sessions.models import Session
from django.tasks import task
from django.utils import timezone

from govoa.accounts.sessions import sessions_forget_expired
from govoa.accounts.throttle import throttles_forget_expired


@task()
def clear_expired_sessions() -> int:
    """Hourly: expired sessions, the rows that note them, and throttle rows run out."""
    sessions_forget_expired()
    throttles_forget_expired()
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
