"""The claim page's forms: the verdict workflow (rate, publish, retract) and the edits of a claim
and its attributions. Each form carries the version of the claim it was opened at
(claims.services.versions) and is refused, in words, when the claim changed since."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from claims.forms import (
    AttributionForm,
    ClaimEditForm,
    ClaimRateForm,
    ClaimRetractForm,
    VersionedForm,
)
from claims.models import Attribution, Claim
from claims.services.attributions import (
    attribution_create,
    attribution_delete,
    attribution_update,
)
from claims.services.claims import claim_rate, claim_update
from claims.services.publications import claim_publish, claim_retract
from claims.services.versions import claim_at_version
from factcheck.pages import act, button


def act_at_version(
    request: HttpRequest, form: VersionedForm, claim: Claim, action: Callable[[Claim], str]
) -> HttpResponse:
    """A claim form's save: `action(locked_claim)` if the claim is still at the version the form
    was opened at, else the refusal saying who changed what since (on the claim's page)."""

    def at_version() -> str:
        with claim_at_version(claim=claim, version=form.cleaned_data["version"]) as current:
            return action(current)

    return act(request, form, at_version, then="claim_detail", pk=claim.pk)


@button("claims.rate_claim")
def claim_rate_form(request: HttpRequest, pk: int) -> HttpResponse:
    form = ClaimRateForm(request.POST)

    def rate(claim: Claim) -> str:
        fields = form.cleaned_data
        rated = claim_rate(
            claim=claim,
            verdict=fields["verdict"],
            rationale=fields["rationale"],
            credibility=fields["credibility"],
            by=request.user,
        )
        return f"Rated {rated.get_verdict_display().lower()}."

    return act_at_version(request, form, get_object_or_404(Claim, pk=pk), rate)


@button("claims.publish_claim")
def claim_publish_form(request: HttpRequest, pk: int) -> HttpResponse:
    form = VersionedForm(request.POST)

    def publish(claim: Claim) -> str:
        claim_publish(claim=claim, by=request.user, request_url=request.build_absolute_uri("/"))
        return "Published: the public fact-check shows this verdict."

    return act_at_version(request, form, get_object_or_404(Claim, pk=pk), publish)


@button("claims.publish_claim")
def claim_retract_form(request: HttpRequest, pk: int) -> HttpResponse:
    form = ClaimRetractForm(request.POST)

    def retract(claim: Claim) -> str:
        claim_retract(claim=claim, by=request.user, reason=form.cleaned_data["reason"])
        return "Retracted: the claim can no longer be changed."

    return act_at_version(request, form, get_object_or_404(Claim, pk=pk), retract)


@button("claims.change_claim")
def claim_edit_form(request: HttpRequest, pk: int) -> HttpResponse:
    form = ClaimEditForm(request.POST)

    def edit(claim: Claim) -> str:
        claim_update(claim=claim, by=request.user, text=form.cleaned_data["text"].strip())
        return "The claim's text was saved."

    return act_at_version(request, form, get_object_or_404(Claim, pk=pk), edit)


@button("claims.change_attribution")
def attribution_edit_form(request: HttpRequest, pk: int, attribution_pk: int) -> HttpResponse:
    attribution = get_object_or_404(Attribution, pk=attribution_pk, claim_id=pk)
    form = AttributionForm(request.POST)

    def edit(claim: Claim) -> str:
        changed = attribution_update(attribution=attribution, by=request.user, **form.attribution())
        return f"Attribution to {changed.source.name} saved."

    return act_at_version(request, form, attribution.claim, edit)


@button("claims.delete_attribution")
def attribution_delete_form(request: HttpRequest, pk: int, attribution_pk: int) -> HttpResponse:
    attribution = get_object_or_404(
        Attribution.objects.select_related("source", "claim"), pk=attribution_pk, claim_id=pk
    )
    form = VersionedForm(request.POST)

    def delete(claim: Claim) -> str:
        attribution_delete(attribution=attribution, by=request.user)
        return f"Attribution to {attribution.source.name} removed."

    return act_at_version(request, form, attribution.claim, delete)


@button("claims.add_attribution")
def attribution_add_form(request: HttpRequest, pk: int) -> HttpResponse:
    form = AttributionForm(request.POST)

    def add(claim: Claim) -> str:
        added = attribution_create(claim=claim, by=request.user, **form.attribution())
        return f"Attributed to {added.source.name}."

    return act_at_version(request, form, get_object_or_404(Claim, pk=pk), add)
