"""Reads of claims, shaped for the pages and the API."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Prefetch, Q, QuerySet

from claims.models import Attribution, Claim, ClaimChange, ClaimStatus, CrossCheck, Role, Stance
from sources.models import Source

_WORDS = re.compile(r"[^\W_]+")
# Without PostgreSQL, how many recent claims sharing a word are scored (bounds the work).
PORTABLE_CANDIDATES = 5000


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
    return Claim.objects.select_related("article", "question").prefetch_related(
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


@dataclass(frozen=True)
class SimilarClaim:
    claim_id: int
    score: float  # trigram similarity of the normalised texts, 0 to 1


def _trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word, lower case, padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in _WORDS.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(a, b), so that scores read the same on SQLite and PostgreSQL."""
    first, second = _trigrams(a), _trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def similar_claims(*, claim: Claim, limit: int, min_score: float) -> list[SimilarClaim]:
    """Claims whose text is most like this claim's, best first, at least `min_score` alike.

    PostgreSQL finds them with its full-text and trigram GIN indexes (migration
    0005_claim_search_indexes); elsewhere a bounded set of claims sharing a long word is scored
    in Python with the same similarity.
    """
    if connection.vendor == "postgresql":
        return _similar_on_postgresql(claim, limit, min_score)
    words = sorted(set(_WORDS.findall(claim.normalized)), key=len, reverse=True)[:4]
    if not words:
        return []
    shares_a_word = Q()
    for word in words:
        shares_a_word |= Q(normalized__contains=word)
    candidates = (
        Claim.objects.filter(shares_a_word)
        .exclude(pk=claim.pk)
        .order_by("-id")
        .values_list("pk", "normalized")[:PORTABLE_CANDIDATES]
    )
    scored = [
        SimilarClaim(pk, trigram_similarity(claim.normalized, text)) for pk, text in candidates
    ]
    alike = [match for match in scored if match.score >= min_score]
    return sorted(alike, key=lambda match: (-match.score, -match.claim_id))[:limit]


# The claim's words (full-text lexemes) that are not common: a word found in more than this
# many claims, by the planner's statistics of the full-text index, says little about what a
# claim is about ("said", "people") and would make the candidate set huge.
COMMON_WORD_CLAIMS = 5000
_RARE_WORDS_SQL = """
SELECT string_agg(quote_literal(lexeme), ' | ')
FROM unnest(tsvector_to_array(to_tsvector('english'::regconfig, %(text)s))) AS lexeme
WHERE lexeme NOT IN (
  SELECT common.lexeme
  FROM pg_stats, unnest(most_common_elems::text::text[], most_common_elem_freqs)
    AS common(lexeme, share)
  WHERE tablename = 'claim_normalized_fts' AND common.lexeme IS NOT NULL
    AND common.share * (SELECT reltuples FROM pg_class WHERE oid = 'claims_claim'::regclass)
        > %(common)s
)
"""
# Claims sharing a rare word (full-text GIN index), ranked by trigram similarity.
_BY_RARE_WORDS_SQL = """
SELECT id, score FROM (
  SELECT id, similarity(normalized, %(text)s) AS score
  FROM claims_claim
  WHERE to_tsvector('english'::regconfig, normalized) @@ %(words)s::tsquery AND id <> %(id)s
) AS sharing
WHERE score >= %(min_score)s
ORDER BY score DESC, id DESC
LIMIT %(limit)s
"""
# A claim of common words only: the trigram GIN index finds the claims alike enough.
_BY_TRIGRAMS_SQL = """
SELECT id, similarity(normalized, %(text)s) AS score
FROM claims_claim
WHERE normalized %% %(text)s AND id <> %(id)s
ORDER BY score DESC, id DESC
LIMIT %(limit)s
"""


def _similar_on_postgresql(claim: Claim, limit: int, min_score: float) -> list[SimilarClaim]:
    query: dict[str, str | int | float] = {
        "text": claim.normalized,
        "id": claim.pk,
        "limit": limit,
        "min_score": min_score,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_RARE_WORDS_SQL, {"text": claim.normalized, "common": COMMON_WORD_CLAIMS})
        (words,) = cursor.fetchone() or (None,)
        if words:
            cursor.execute(_BY_RARE_WORDS_SQL, {**query, "words": words})
        else:
            threshold = "SELECT set_config('pg_trgm.similarity_threshold', %s, true)"
            cursor.execute(threshold, [str(min_score)])
            cursor.execute(_BY_TRIGRAMS_SQL, query)
        return [SimilarClaim(int(pk), float(score)) for pk, score in cursor.fetchall()]


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
