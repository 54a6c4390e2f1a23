"""Reads of claims, shaped for the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass

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


def claim_summaries() -> QuerySet[Claim]:
    """Claims with only the columns a list shows and their article's reference (joined); attach
    their attributions to a page with `with_attributions`."""
    return Claim.objects.select_related("article").only(
        "id", "text", "start", "end", "status", "verdict", "verdict_rationale",
        "credibility", "probability", "suggested_credibility", "published_at",
        "created_at", "updated_at",
        "article__id", "article__title", "article__url", "article__published_at",
    )  # fmt: skip


@dataclass(frozen=True)
class SourceSummary:
    id: int
    name: str
    kind: str
    grade: str


@dataclass(frozen=True)
class AttributionSummary:
    id: int
    role: str
    stance: str
    cue: str
    source: SourceSummary


def with_attributions(claims: list[Claim]) -> list[Claim]:
    """Set `claim.attribution_list` on each claim of a page: its attributions, with their
    sources, as summaries read in one query. Model instances and prefetch_related's per-claim
    querysets cost more than the SQL on a page of 50 claims (bench/api.py)."""
    found: dict[int, list[AttributionSummary]] = {claim.pk: [] for claim in claims}
    sources: dict[int, SourceSummary] = {}
    rows = (
        Attribution.objects.filter(claim_id__in=found)
        .order_by("role", "id")
        .values_list(
            "claim_id", "id", "role", "stance", "cue",
            "source_id", "source__name", "source__kind", "source__grade",
        )
    )  # fmt: skip
    for claim_id, pk, role, stance, cue, source_id, name, kind, grade in rows:
        source = sources.get(source_id) or sources.setdefault(
            source_id, SourceSummary(id=source_id, name=name, kind=kind, grade=grade)
        )
        found[claim_id].append(
            AttributionSummary(id=pk, role=role, stance=stance, cue=cue, source=source)
        )
    for claim in claims:
        claim.attribution_list = found[claim.pk]  # type: ignore[attr-defined]
    return claims
