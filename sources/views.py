"""The source pages: every source, and one source's grade, reliability and track record."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims.models import CrossCheck, CrossCheckKind
from claims.pictures import track_record_chart
from claims.selectors import source_for_page
from claims.services.crosscheck_queue import crosscheck_queue
from claims.services.source_reviews import source_confirm, source_merge
from claims.views import REFRESH_SECONDS, act, button, cancel_crosscheck, page
from factcheck.exceptions import ApplicationError
from factcheck.forms import ServiceForm
from sources.forms import SourceConfirmForm, SourceFilterForm, SourceMergeForm
from sources.models import Grade, Source
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
        "grades": Grade.choices,
        "chart": track_record_chart(found.track_record),
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


@button("sources.change_source")
def source_confirm_button(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    form = SourceConfirmForm(request.POST)

    def confirm() -> str:
        confirmed = source_confirm(source=source, grade=form.cleaned_data["grade"], by=request.user)
        return f"{confirmed.name}: confirmed, graded {confirmed.get_grade_display()}."

    return act(request, form, confirm, then="source_detail", pk=source.pk)


@require_POST
@page("sources.change_source")
def source_merge_button(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    form = SourceMergeForm(request.POST)
    if form.is_valid():
        try:
            into = source_merge(source=source, into=form.cleaned_data["into"], by=request.user)
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(
                request,
                f"{source.name} merged into {into.name}: its attributions followed, "
                "its name is kept as an alias.",
            )
            return redirect("source_detail", pk=into.pk)
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))
    return redirect("source_detail", pk=source.pk)
