"""The dashboard's reads: a few rows of each kind of work waiting, one query a block."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from claims.models import (
    AppearanceSnapshot,
    Claim,
    ClaimStatus,
    CrossCheck,
    CrossCheckStatus,
    Publication,
    Question,
    RelatedClaim,
)
from claims.selectors import conflicting_proposals
from sources.models import Source

# Rows shown in each block; each block links to its full list.
ROWS = 5
QUOTED_SINCE = timedelta(days=7)


@dataclass(frozen=True)
class Dashboard:
    waiting_for_review: list[Claim]
    conflicting_proposals: list[RelatedClaim]
    questions_with_rival_values: list[Question]
    appearance_flags: list[AppearanceSnapshot]
    crosschecks_in_trouble: list[CrossCheck]
    published_lately: list[Publication]
    quoted_this_week: list[Source]


def claims_waiting_for_review() -> QuerySet[Claim]:
    """New claims that no one has given a verdict yet, newest first."""
    return Claim.objects.filter(status=ClaimStatus.NEW, verdict="").order_by("-created_at", "-id")


def questions_with_rival_values() -> QuerySet[Question]:
    """Questions whose claims give more than one value (claims_in_conflict's second case)."""
    values = Count("claims__value", distinct=True, filter=~Q(claims__value=""))
    return (
        Question.objects.annotate(rival_values=values)
        .filter(rival_values__gt=1)
        .order_by("-created_at", "-id")
    )


def crosschecks_in_trouble() -> QuerySet[CrossCheck]:
    """CrossChecks that failed, or run with no heartbeat for longer than the sweeper waits
    before taking them back (FACTCHECK_CROSSCHECK_STUCK_SECONDS)."""
    cutoff = timezone.now() - timedelta(seconds=settings.FACTCHECK_CROSSCHECK_STUCK_SECONDS)
    return CrossCheck.objects.filter(
        Q(status=CrossCheckStatus.FAILED)
        | Q(status=CrossCheckStatus.RUNNING, heartbeat_at__lt=cutoff)
    ).order_by("-created_at", "-id")


def sources_quoted_most(*, since: timedelta = QUOTED_SINCE) -> QuerySet[Source]:
    """Sources by the number of attributions made to them lately, most first."""
    quotes = Count("attributions", filter=Q(attributions__created_at__gte=timezone.now() - since))
    return Source.objects.annotate(quotes=quotes).filter(quotes__gt=0).order_by("-quotes", "name")


def dashboard() -> Dashboard:
    """Seven queries, whatever the number of rows."""
    return Dashboard(
        waiting_for_review=list(claims_waiting_for_review().select_related("article")[:ROWS]),
        conflicting_proposals=list(
            conflicting_proposals()
            .select_related("claim", "related")
            .order_by("-created_at")[:ROWS]
        ),
        questions_with_rival_values=list(questions_with_rival_values()[:ROWS]),
        appearance_flags=list(
            AppearanceSnapshot.objects.filter(Q(stealth_edit=True) | Q(link_rot=True))
            .select_related("appearance")
            .order_by("-fetched_at", "-id")[:ROWS]
        ),
        crosschecks_in_trouble=list(
            crosschecks_in_trouble().select_related("claim", "source")[:ROWS]
        ),
        published_lately=list(
            Publication.objects.select_related("claim").order_by("-published_at", "-id")[:ROWS]
        ),
        quoted_this_week=list(sources_quoted_most()[:ROWS]),
    )
