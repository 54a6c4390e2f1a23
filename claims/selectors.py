"""Reads of claims, shaped for the pages and the API."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from claims.models import Attribution, Claim


def claim_list() -> QuerySet[Claim]:
    """Claims, newest article first and in reading order within it, with their article and
    attributed sources (two more queries)."""
    attributions = Attribution.objects.select_related("source").order_by("role", "id")
    return (
        Claim.objects.select_related("article")
        .prefetch_related(Prefetch("attributions", queryset=attributions))
        .order_by(F("article_id").desc(nulls_last=True), "start", "-id")
    )
