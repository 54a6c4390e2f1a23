"""The source pages: every source, and one source's grade, reliability and track record."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.forms import ServiceForm
from claims.models import CrossCheck, CrossCheckKind
from claims.selectors import source_for_page
from claims.services.crosschecks import crosscheck_queue
from claims.views import REFRESH_SECONDS, act, button, cancel_crosscheck, page
from sources.forms import SourceFilterForm
from sources.models import Source
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


@page("sources.view_source")
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = source_for_page(pk=pk)
    if found is None:
        raise Http404("No such source.")
    context = {
        "source": found.source,
        "found": found,
        "refresh_seconds": REFRESH_SECONDS if found.pending else None,
    }
    return render(request, "sources/source_detail.html", context)


@button("claims.add_crosscheck")
def source_crosscheck_queue(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)

    def queue() -> str:
        check = crosscheck_queue(
            kind=CrossCheckKind.TRACK_RECORD, source=source, requested_by=request.user
        )
        return f"{check.get_kind_display()} check {check.pk}: {check.get_status_display()}."

    return act(request, ServiceForm(request.POST), queue, then="source_detail", pk=source.pk)


@button("claims.change_crosscheck")
def source_crosscheck_cancel(request: HttpRequest, pk: int, check_pk: int) -> HttpResponse:
    check = get_object_or_404(CrossCheck, pk=check_pk, source_id=pk)
    return cancel_crosscheck(request, check, then="source_detail", pk=pk)
