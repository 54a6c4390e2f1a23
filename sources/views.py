"""The list of sources. A source's own page shows its claims and CrossChecks, so it lives with
them (claims/source_pages.py)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from factcheck.pages import page
from sources.forms import SourceFilterForm
from sources.selectors import source_list_for_page

SOURCES_PER_PAGE = 50


@page("sources.view_source")
def source_list(request: HttpRequest) -> HttpResponse:
    form = SourceFilterForm(request.GET)
    # A filter that does not validate (an unknown status) is no filter.
    wanted = form.cleaned_data if form.is_valid() else {}
    sources = source_list_for_page(status=wanted.get("status", ""), name=wanted.get("name", ""))
    listed = Paginator(sources, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    context = {"page": listed, "form": form, "filters": kept.urlencode()}
    return render(request, "sources/source_list.html", context)
