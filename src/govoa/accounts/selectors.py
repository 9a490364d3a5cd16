from django.db.models import QuerySet

from govoa.accounts.models import ApiToken
from govoa.org.models import Person


def token_list(*, person: Person) -> QuerySet[ApiToken]:
    """A person sees only their own tokens."""
    return ApiToken.objects.filter(person=person).order_by("-created_at")
