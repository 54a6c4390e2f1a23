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
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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


# Where the workbench serves when neither the settings nor a request say (a shell, a command).
LOCAL_URL = "http://127.0.0.1:8000/"
# The public fact-check page's path under the newsroom's address (claims/urls.py serves it).
FACT_CHECK_PATH = "fact-checks/{id}/"


def newsroom_url(request_url: str = "") -> str:
    """The newsroom's public address, ending in '/': FACTCHECK_NEWSROOM_URL, else the address the
    publishing request came to (`request_url`, e.g. `request.build_absolute_uri("/")`), so that
    links are right on whatever host and port the workbench runs."""
    url = str(settings.FACTCHECK_NEWSROOM_URL) or request_url or LOCAL_URL
    return url if url.endswith("/") else f"{url}/"


def fact_check_url(claim_id: int, request_url: str = "") -> str:
    """Where the public reads the fact-check (ClaimReview `url`)."""
    template = str(settings.FACTCHECK_FACT_CHECK_URL) or newsroom_url(request_url) + FACT_CHECK_PATH
    return template.format(id=claim_id)


# What could end a <script> element or open a comment inside it, written as JSON escapes instead
# (as Django's json_script does; its element is typed application/json, not ld+json).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def claim_review_script(review: dict[str, Any]) -> SafeString:
    """The ClaimReview as the <script type="application/ld+json"> a page embeds: whatever the
    claim's text holds, it cannot close the element."""
    text = json.dumps(review, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308 (escaped above for a script element)
    )


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
    request_url: str = "",
) -> dict[str, Any]:
    """The ClaimReview of a rated claim as it goes out: `claimant` is the source that made it,
    `published_at` its first publication, `modified_at` this one; `request_url` the address the
    publishing request came to (see `newsroom_url`)."""
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
        "url": fact_check_url(claim.pk, request_url),
        "claimReviewed": claim.text,
        "reviewBody": claim.verdict_rationale,
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_NEWSROOM_NAME,
            "url": newsroom_url(request_url),
        },
        "datePublished": published_at.date().isoformat(),
        "dateModified": modified_at.isoformat(),
        "itemReviewed": item,
        "reviewRating": review_rating(claim.verdict),
    }
