"""全文检索: the search box and its results (the same selector as ``/api/v1/search``)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from govoa.core.paging import paginate
from govoa.search import selectors
from govoa.search.forms import SearchForm


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page, hits, query = None, [], ""
    if form.is_bound and form.is_valid():
        filters = form.filters()
        query = filters.query
        rows = selectors.search_entries(person=request.user, filters=filters)  # type: ignore[arg-type]
        page = paginate(request, rows, per_page=20)
        hits = [selectors.hit_of(entry, query) for entry in page.object_list]
    return render(
        request,
        "search/index.html",
        {"form": form, "page": page, "hits": hits, "query": query},
    )
