from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from govoa.org.models import Person


class PersonBackend(BaseBackend):
    """Restores the person of a session; refuses one who is no longer 在职.

    Passwords are checked by ``services.login_check`` (lockout, audit), not here."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        return None

    def get_user(self, user_id: int) -> Person | None:
        person = Person.objects.select_related("agency", "department").filter(pk=user_id).first()
        return person if person is not None and person.is_active else None
