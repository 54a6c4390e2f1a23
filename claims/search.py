"""Finding the stored claims worth reading beside a claim: the candidates claim matching reads.

Searching only narrows a million claims to a few dozen; whether two claims state one fact is
claims.matching's to say. PostgreSQL finds candidates with its full-text and trigram GIN
indexes (the claims migration creates them there); elsewhere a bounded set of recent claims
sharing a long word is scored in Python with the same similarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from claims.models import Claim
from claims.trigrams import trigram_similarity

_WORDS = re.compile(r"[^\W_]+")
# Without PostgreSQL, how many recent claims sharing a word are scored (bounds the work).
PORTABLE_CANDIDATES = 5000
# Least trigram similarity of a candidate. Low on purpose: a paraphrase of one fact ("18 missiles
# were launched" / "Russia launched 16 missiles") shares a rare word but few letters.
CANDIDATE_MIN_SIMILARITY = 0.1


@dataclass(frozen=True)
class SimilarClaim:
    claim_id: int
    score: float  # trigram similarity of the normalized texts, 0 to 1


def candidate_claims(
    *, claim: Claim, limit: int, min_score: float = CANDIDATE_MIN_SIMILARITY
) -> list[SimilarClaim]:
    """Claims of other articles whose text is most like this claim's, best first."""
    if connection.vendor == "postgresql":
        return _candidates_on_postgresql(claim, limit, min_score)
    words = sorted(set(_WORDS.findall(claim.normalized)), key=len, reverse=True)[:4]
    if not words:
        return []
    shares_a_word = Q()
    for word in words:
        shares_a_word |= Q(normalized__contains=word)
    others = Claim.objects.filter(shares_a_word).exclude(pk=claim.pk)
    if claim.article_id is not None:
        others = others.exclude(article_id=claim.article_id)
    candidates = others.order_by("-id").values_list("pk", "normalized")[:PORTABLE_CANDIDATES]
    scored = [
        SimilarClaim(pk, trigram_similarity(claim.normalized, text)) for pk, text in candidates
    ]
    alike = [match for match in scored if match.score >= min_score]
    return sorted(alike, key=lambda match: (-match.score, -match.claim_id))[:limit]


# The claim's words (full-text lexemes) that are not common: a word found in more than this
# many claims, by the planner's statistics of the full-text index, says little about what a
# claim is about ("said", "people") and would make the candidate set huge. Numbers say little
# too: "388" is shared by claims about anything, and each one widens the candidates to score;
# the same event told with another number still shares its other words. The first column
# leaves numbers out; the second, for claims whose only rare words are numbers, keeps them.
COMMON_WORD_CLAIMS = 5000
_RARE_WORDS_SQL = """
SELECT string_agg(quote_literal(lexeme), ' | ') FILTER (WHERE lexeme !~ '^[0-9][0-9.,]*$'),
  string_agg(quote_literal(lexeme), ' | ')
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
# Claims of other articles (an imported report has none) than the claim's own.
_OTHER_ARTICLES = "id <> %(id)s AND (%(article)s::bigint IS NULL OR article_id <> %(article)s)"
# Claims sharing a rare word (full-text GIN index), ranked by trigram similarity.
_BY_RARE_WORDS_SQL = f"""
SELECT id, score FROM (
  SELECT id, similarity(normalized, %(text)s) AS score
  FROM claims_claim
  WHERE to_tsvector('english'::regconfig, normalized) @@ %(words)s::tsquery
    AND {_OTHER_ARTICLES}
) AS sharing
WHERE score >= %(min_score)s
ORDER BY score DESC, id DESC
LIMIT %(limit)s
"""  # noqa: S608 (no input in the f-string: only the fixed condition above)
# A claim of common words only: the trigram GIN index finds the claims alike enough.
_BY_TRIGRAMS_SQL = f"""
SELECT id, similarity(normalized, %(text)s) AS score
FROM claims_claim
WHERE normalized %% %(text)s AND {_OTHER_ARTICLES}
ORDER BY score DESC, id DESC
LIMIT %(limit)s
"""  # noqa: S608 (no input in the f-string: only the fixed condition above)


def _candidates_on_postgresql(claim: Claim, limit: int, min_score: float) -> list[SimilarClaim]:
    query: dict[str, str | int | float | None] = {
        "text": claim.normalized,
        "id": claim.pk,
        "article": claim.article_id,
        "limit": limit,
        "min_score": min_score,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_RARE_WORDS_SQL, {"text": claim.normalized, "common": COMMON_WORD_CLAIMS})
        topical, rare = cursor.fetchone() or (None, None)
        words = topical or rare
        if words:
            cursor.execute(_BY_RARE_WORDS_SQL, {**query, "words": words})
        else:
            threshold = "SELECT set_config('pg_trgm.similarity_threshold', %s, true)"
            cursor.execute(threshold, [str(min_score)])
            cursor.execute(_BY_TRIGRAMS_SQL, query)
        return [SimilarClaim(int(pk), float(score)) for pk, score in cursor.fetchall()]
