from django import template
from django.http import QueryDict

from govoa.core.vocabulary import Classification, Role

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code


@register.filter
def classification_label(level: int) -> str:
    return str(Classification(level).label)


@register.simple_tag(takes_context=True)
def query_without(context: template.Context, name: str) -> str:
    """The current query string without ``name``, ending in ``&`` when not empty."""
    query: QueryDict = context["request"].GET.copy()
    query.pop(name, None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""
