from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from govoa.flow.selectors import inbox_counts
from govoa.notify.selectors import unread_count
from govoa.org.models import Person
from govoa.web.navigation import nav_groups, nav_items


def counts_key(person_id: int) -> str:
    return f"nav-counts:{person_id}"


def _counts(person: Person) -> dict[str, int]:
    """待办, 待阅 and unread messages: four queries, or none while they are cached
    (``GOVOA_COUNTS_CACHE_SECONDS``, with Redis only). Others' acts show in the cached numbers
    after at most that many seconds; the person's own writes clear them at once
    (``CountsInvalidationMiddleware``)."""
    seconds = settings.GOVOA_COUNTS_CACHE_SECONDS
    if seconds > 0:
        cached = cache.get(counts_key(person.pk))
        if cached is not None:
            return dict(cached)
    counts = {**inbox_counts(person=person), "unread": unread_count(person=person)}
    if seconds > 0:
        cache.set(counts_key(person.pk), counts, seconds)
    return counts


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation with its counts: 待办 and 待阅 on the workbench, unread messages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = _counts(user)
    items = nav_items(
        user,
        {
            "workbench": counts["todo"] + counts["to_read"],
            "notifications": counts["unread"],
        },
    )
    return {
        "nav_items": items,
        "nav_groups": nav_groups(items),
        "inbox_counts": {"todo": counts["todo"], "to_read": counts["to_read"]},
    }
