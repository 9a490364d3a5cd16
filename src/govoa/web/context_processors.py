from typing import Any

from django.http import HttpRequest

from govoa.flow.selectors import inbox_counts
from govoa.notify.selectors import unread_count
from govoa.web.navigation import nav_groups, nav_items


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation with its counts: 待办 and 待阅 on the workbench, unread messages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = inbox_counts(person=user)
    items = nav_items(
        user,
        {
            "workbench": counts["todo"] + counts["to_read"],
            "notifications": unread_count(person=user),
        },
    )
    return {"nav_items": items, "nav_groups": nav_groups(items), "inbox_counts": counts}
