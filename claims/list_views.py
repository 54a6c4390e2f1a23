"""The claims list and its bulk actions: each action takes the claims ticked on the list, is one
request, and goes back to the same page of the list with a message saying what it did and what
was refused."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.models import User as Account
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from claims.forms import (
    ClaimBulkAssignForm,
    ClaimBulkQueueForm,
    ClaimBulkStatusForm,
    ClaimListForm,
    CrossCheckQueueForm,
)
from claims.models import Claim, ClaimStatus, CrossCheckKind
from claims.selectors import claim_assignees, claim_list, claims_by_id
from claims.services.claim_bulk import BULK_STATUSES, BulkOutcome, claims_assign, claims_set_status
from claims.services.crosscheck_queue import crosscheck_queue_many
from factcheck.exceptions import ApplicationError
from factcheck.forms import ServiceForm
from factcheck.pages import button, page, plural, show_errors

CLAIMS_PER_PAGE = 50


@page("claims.view_claim")
def claim_list_page(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, Account)  # page() lets only signed-in users in
    assignees = list(claim_assignees())
    form = ClaimListForm(request.GET, user=request.user, assignees=assignees)
    if not form.is_valid():
        return render(request, "claims/claim_list.html", {"form": form, "page": None}, status=400)
    claims = claim_list(filters=form.filters(), order=form.order())
    listed = Paginator(claims, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "claims/claim_list.html",
        {
            "form": form,
            "page": listed,
            "filters": query.urlencode(),
            "queue_form": CrossCheckQueueForm(),
            "statuses": [(status.value, status.label) for status in BULK_STATUSES],
            "assignees": assignees,
            "back": request.GET.urlencode(),
        },
    )


def _on_ticked(
    request: HttpRequest, form: ServiceForm, action: Callable[[list[Claim]], str]
) -> HttpResponse:
    """Do a bulk action on the ticked claims that still exist and go back to the list, showing
    what it did (`action(claims)`, with the ticked claims gone since), or the form's errors, or
    the domain's refusal."""
    if form.is_valid():
        ticked = form.cleaned_data["claims"]
        claims = claims_by_id(ids=ticked)
        try:
            summary = action(claims)
        except ApplicationError as error:
            form.refuse(error)
        else:
            gone = len(ticked) - len(claims)
            gone_text = f" {plural(gone, 'claim')} no longer exist." if gone else ""
            messages.success(request, summary + gone_text)
    show_errors(request, form)
    # Only a query string goes after our own path: the answer never leaves the list.
    query = QueryDict(form.data.get("back", "")).urlencode()
    return redirect(reverse("claim_list") + (f"?{query}" if query else ""))


def _summary(outcome: BulkOutcome, done: str) -> str:
    """The message of a bulk action: "<done> N claims.", then which were refused and why."""
    text = f"{done} {plural(len(outcome.done), 'claim')}."
    if outcome.refused:
        text += f" Refused {plural(len(outcome.refused), 'claim')}: " + "; ".join(
            f"claim {pk}: {why.rstrip('.')}" for pk, why in outcome.refused
        )
        text += "."
    return text


@button("claims.add_crosscheck")
def claim_bulk_crosscheck_queue(request: HttpRequest) -> HttpResponse:
    """Queue a check of one kind on the ticked claims; a claim with one pending keeps it."""
    form = ClaimBulkQueueForm(request.POST)

    def queue(claims: list[Claim]) -> str:
        kind = form.cleaned_data["kind"]
        checks = crosscheck_queue_many(kind=kind, claims=claims, requested_by=request.user)
        return f"{CrossCheckKind(kind).label}: {plural(len(checks), 'check')} queued or pending."

    return _on_ticked(request, form, queue)


@button("claims.publish_claim")
def claim_bulk_status(request: HttpRequest) -> HttpResponse:
    """Publish or retract the verdicts of the ticked claims, each by the workflow's rules."""
    form = ClaimBulkStatusForm(request.POST)

    def set_status(claims: list[Claim]) -> str:
        status = form.cleaned_data["status"]
        outcome = claims_set_status(
            claims=claims,
            status=status,
            reason=form.cleaned_data["reason"],
            by=request.user,
            request_url=request.build_absolute_uri("/"),
        )
        return _summary(outcome, ClaimStatus(status).label + ":")

    return _on_ticked(request, form, set_status)


@button("claims.change_claim")
def claim_bulk_assign(request: HttpRequest) -> HttpResponse:
    form = ClaimBulkAssignForm(request.POST)

    def assign(claims: list[Claim]) -> str:
        assignee = form.cleaned_data["assignee"]
        outcome = claims_assign(claims=claims, assignee=assignee, by=request.user)
        to = assignee.get_username() if assignee else "nobody"
        return _summary(outcome, f"Assigned to {to}:")

    return _on_ticked(request, form, assign)
