"""schema.org ClaimReview JSON-LD for a published verdict, as Google's fact-check markup asks.

The verdict scale maps onto a 1–5 rating, best 5, worst 1:

| verdict        | ratingValue | alternateName  |
|----------------|-------------|----------------|
| `true`         | 5           | True           |
| `mostly_true`  | 4           | Mostly true    |
| `mixed`        | 3           | Mixed          |
| `mostly_false` | 2           | Mostly false   |
| `false`        | 1           | False          |
| `unverifiable` | none        | Unverifiable   |

An unverifiable claim is not a point between true and false, so it gets no number at all: its
`reviewRating` carries only `alternateName` (Google shows the text rating, and asks that numbers,
when given, sit consistently between `worstRating` and `bestRating`). Whenever `ratingValue` is
present, `bestRating` 5 and `worstRating` 1 are too.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings

from claims.models import Article, Claim, Verdict
from sources.models import Source

BEST_RATING = 5
WORST_RATING = 1
RATING_VALUES: dict[str, int] = {
    Verdict.TRUE: 5,
    Verdict.MOSTLY_TRUE: 4,
    Verdict.MIXED: 3,
    Verdict.MOSTLY_FALSE: 2,
    Verdict.FALSE: 1,
}


def fact_check_url(claim_id: int) -> str:
    """Where the public reads the fact-check (ClaimReview `url`)."""
    return str(settings.FACTCHECK_FACT_CHECK_URL).format(id=claim_id)


def review_rating(verdict: str) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": Verdict(verdict).label}
    if verdict in RATING_VALUES:
        rating.update(
            ratingValue=RATING_VALUES[verdict], bestRating=BEST_RATING, worstRating=WORST_RATING
        )
    return rating


def source_entity(source: Source) -> dict[str, Any]:
    """The claimant as a schema.org Person or Organization."""
    person = source.taken_for_person
    entity: dict[str, Any] = {
        "@type": "Person" if person else "Organization",
        "name": source.name,
    }
    if source.homepage:
        entity["url"] = source.homepage
    return entity


def _appearance(article: Article) -> dict[str, Any] | None:
    """The article the claim appeared in, as a CreativeWork, when the public can find it."""
    if not article.url:
        return None
    work: dict[str, Any] = {"@type": "CreativeWork", "url": article.url, "headline": article.title}
    if article.published_at:
        work["datePublished"] = article.published_at.isoformat()
    return work


def claim_review(
    *,
    claim: Claim,
    claimant: Source | None,
    published_at: datetime.datetime,
    modified_at: datetime.datetime,
) -> dict[str, Any]:
    """The ClaimReview of a rated claim as it goes out: `claimant` is the source that made it,
    `published_at` its first publication, `modified_at` this one."""
    if not claim.verdict:
        raise ValueError(f"Claim {claim.pk} has no verdict.")
    item: dict[str, Any] = {"@type": "Claim"}
    if claimant is not None:
        item["author"] = source_entity(claimant)
    article = claim.article
    if article is not None:
        # When the claim was made: the date of the article that reported it.
        if article.published_at:
            item["datePublished"] = article.published_at.isoformat()
        appearance = _appearance(article)
        if appearance is not None:
            item["appearance"] = [appearance]
            item["firstAppearance"] = appearance
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": fact_check_url(claim.pk),
        "claimReviewed": claim.text,
        "reviewBody": claim.verdict_rationale,
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_NEWSROOM_NAME,
            "url": settings.FACTCHECK_NEWSROOM_URL,
        },
        "datePublished": published_at.date().isoformat(),
        "dateModified": modified_at.isoformat(),
        "itemReviewed": item,
        "reviewRating": review_rating(claim.verdict),
    }
