from django.contrib.sessions.models import Session
from django.tasks import task
from django.utils import timezone


@task()
def clear_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
