"""Reads of claims, shaped for the pages and the API."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from claims.models import Attribution, Claim, ClaimChange, ClaimStatus, CrossCheck, Role, Stance
from sources.models import Source


def claim_list() -> QuerySet[Claim]:
    """Claims, newest article first and in reading order within it, with their article and
    attributed sources (two more queries)."""
    attributions = Attribution.objects.select_related("source").order_by("role", "id")
    return (
        Claim.objects.select_related("article")
        .prefetch_related(Prefetch("attributions", queryset=attributions))
        .order_by(F("article_id").desc(nulls_last=True), "start", "-id")
    )


def claim_detail() -> QuerySet[Claim]:
    """Claims with everything the API's detail shows: article, attributions with their sources,
    CrossChecks and history (four more queries)."""
    return Claim.objects.select_related("article").prefetch_related(
        Prefetch(
            "attributions",
            queryset=Attribution.objects.select_related("source").order_by("role", "id"),
        ),
        Prefetch("crosschecks", queryset=CrossCheck.objects.order_by("-created_at", "-id")),
        Prefetch("changes", queryset=ClaimChange.objects.select_related("changed_by")),
    )


def fact_check_list() -> QuerySet[Claim]:
    """Published verdicts with their article and originators (`claim.originators`, supporting
    first): one query and one prefetch."""
    originators = (
        Attribution.objects.filter(role=Role.ORIGINATOR)
        .select_related("source")
        .order_by("stance", "id")
    )
    return (
        Claim.objects.filter(status=ClaimStatus.PUBLISHED)
        .exclude(verdict="")
        .select_related("article")
        .prefetch_related(Prefetch("attributions", queryset=originators, to_attr="originators"))
    )


def claimant(claim: Claim) -> Source | None:
    """The source that made the claim: its first originator that supports it, if any."""
    originators: list[Attribution] = getattr(claim, "originators", None) or list(
        claim.attributions.filter(role=Role.ORIGINATOR).select_related("source").order_by("id")
    )
    for attribution in originators:
        if attribution.stance == Stance.SUPPORTS:
            return attribution.source
    return None
