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
        # ``get``, not ``first``: on every request, and the ORDER BY that ``first`` adds is
        # compiled against every selected column of the joins (Django hashes each).
        try:
            person = Person.objects.select_related("agency", "department").get(pk=user_id)
        except Person.DoesNotExist:
            return None
        return person if person.is_active else None
