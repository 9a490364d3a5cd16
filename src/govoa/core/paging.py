from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZES = (20, 50, 100)


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = 20) -> Page:
    """The page named by ``?page=`` (a bad or out-of-range number gives the nearest page)."""
    try:
        size = int(request.GET.get("page_size", per_page))
    except ValueError:
        size = per_page
    size = size if size in PAGE_SIZES else per_page
    return Paginator(queryset, size).get_page(request.GET.get("page"))
