"""Ending all of a person's API tokens at once (issue 8.6).

The tokens live in ``accounts``, above ``org``; what ends them is a counter on the person: a
token is valid only while it carries the person's current ``token_generation``. So every act
that must end them — a password reset, 调离/退休, the loss of a role or of clearance — is one
UPDATE of one row whatever the number of tokens, and a cache of token lookups can be
invalidated by that row's change alone."""

from django.db.models import F

from govoa.org.models import Person
from govoa.org.stamps import person_stamp_bump


def credentials_revoke(person: Person) -> None:
    """End every API token the person holds now. Call it inside the act's transaction."""
    Person.objects.filter(pk=person.pk).update(token_generation=F("token_generation") + 1)
    person.refresh_from_db(fields=["token_generation"])
    person_stamp_bump(person.pk)  # a cached token lookup of theirs is no longer believed
