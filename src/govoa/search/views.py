"""全文检索: the search box and its results (the same selector as ``/api/v1/search``)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from govoa.core.paging import PAGE_SIZES
from govoa.search import selectors
from govoa.search.forms import SearchForm


def _page_size(request: HttpRequest, default: int = 20) -> int:
    try:
        size = int(request.GET.get("page_size", default))
    except ValueError:
        return default
    return size if size in PAGE_SIZES else default


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page, hits, query = None, [], ""
    if form.is_bound and form.is_valid():
        filters = form.filters()
        query = filters.query
        results = selectors.search_entries(person=request.user, filters=filters)  # type: ignore[arg-type]
        paginator = selectors.SearchPaginator(results, _page_size(request))
        page = paginator.get_page(request.GET.get("page"))
        hits = [selectors.hit_of(entry, query) for entry in page.object_list]
    return render(
        request,
        "search/index.html",
        {"form": form, "page": page, "hits": hits, "query": query},
    )
