"""A source's page and its buttons: its claims, track record and CrossChecks, and the review of
a proposed source. Here rather than in sources/ because they show and change claims' data
(imports run claims → sources); the list of sources is sources' own (sources/views.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from claims.models import CrossCheck, CrossCheckKind
from claims.pictures import track_record_chart
from claims.selectors import source_for_page
from claims.services.crosscheck_queue import crosscheck_queue
from claims.services.source_reviews import source_confirm, source_merge, source_reject
from claims.views import REFRESH_SECONDS, cancel_crosscheck
from factcheck.exceptions import ApplicationError
from factcheck.forms import ServiceForm
from factcheck.pages import act, button, page, show_errors
from sources.forms import SourceConfirmForm, SourceMergeForm
from sources.models import Grade, Source


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


@button("sources.change_source")
def source_merge_button(request: HttpRequest, pk: int) -> HttpResponse:
    """A merge goes to the page of the source merged into; a refusal stays on this one's."""
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
    show_errors(request, form)
    return redirect("source_detail", pk=source.pk)


@button("sources.change_source")
def source_reject_button(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)

    def reject() -> str:
        rejected = source_reject(source=source, by=request.user)
        return (
            f"{rejected.name}: rejected, not a source. Its attributions were removed and the "
            "name will not be proposed again."
        )

    return act(request, ServiceForm(request.POST), reject, then="source_detail", pk=source.pk)
