"""The related-claims CrossCheck proposes claims that say the same or the opposite; editors
decide (tests/claims/test_related_decisions.py: what a decision does)."""

from __future__ import annotations

import pytest
from django.db import connection

from claims.models import (
    CrossCheckKind,
    CrossCheckStatus,
    RelatedClaim,
    RelatedClaimStatus,
    Stance,
)
from claims.search import candidate_claims
from claims.services.crosscheck_runs import crosscheck_run
from claims.services.related import related_claim_decide
from claims.trigrams import trigram_similarity
from factcheck.exceptions import ApplicationError
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    CrossCheckFactory,
)

pytestmark = pytest.mark.django_db


def run_related(claim) -> RelatedClaim:
    check = crosscheck_run(
        crosscheck_id=CrossCheckFactory(claim=claim, kind=CrossCheckKind.RELATED_CLAIMS).pk
    )
    assert check is not None and check.status == CrossCheckStatus.SUCCEEDED, check
    return check


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("eight people were injured in kyiv", "eight people were injured in kyiv"),
        ("eight people were injured in kyiv", "ten people were hurt in kyiv, police said"),
        ("the port of odesa was shelled", "nothing alike at all"),
    ],
)
def test_trigram_similarity_reads_the_same_as_pg_trgm(a: str, b: str) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("compares with pg_trgm: set DATABASE_URL to PostgreSQL (CI does)")
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute("SELECT similarity(%s, %s)", [a, b])
        (expected,) = cursor.fetchone()
    assert trigram_similarity(a, b) == pytest.approx(expected, abs=1e-6)


def test_trigram_similarity_is_one_for_the_same_text_and_zero_for_no_shared_trigram() -> None:
    assert trigram_similarity("Kyiv was hit", "kyiv  was hit") == 1.0
    assert trigram_similarity("Kyiv", "Odesa") == 0.0


def test_candidates_from_other_articles_come_best_first_and_unrelated_ones_not_at_all() -> None:
    claim = ClaimFactory(text="Eight people were injured in a missile strike on Kyiv.")
    close = ClaimFactory(text="Eight people were injured in the missile strike on Kyiv.")
    further = ClaimFactory(text="Eight people were hurt by a missile strike on Kyiv overnight.")
    ClaimFactory(text="The grain deal was extended for another four months.")
    found = candidate_claims(claim=claim, limit=10)
    assert [match.claim_id for match in found] == [close.pk, further.pk]
    assert 1 > found[0].score > found[1].score


def test_claims_of_the_same_article_are_not_candidates() -> None:
    claim = ClaimFactory(text="Eight people were injured in a missile strike on Kyiv.")
    ClaimFactory(text="Eight people were injured in the strike on Kyiv.", article=claim.article)
    elsewhere = ClaimFactory(text="Eight people were injured in the strike on Kyiv overnight.")
    assert [match.claim_id for match in candidate_claims(claim=claim, limit=10)] == [elsewhere.pk]


def test_a_claim_sharing_only_a_number_is_not_a_candidate_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the full-text candidate search is PostgreSQL's: set DATABASE_URL (CI does)")
    claim = ClaimFactory(text="330 missiles hit Kharkiv.")
    same_subject = ClaimFactory(text="Kharkiv was hit by 300 missiles.")
    ClaimFactory(text="Odesa counted 330 ballots.")
    found = candidate_claims(claim=claim, limit=10, min_score=0.0)
    assert [match.claim_id for match in found] == [same_subject.pk]


def test_the_check_proposes_a_claim_whose_numbers_disagree_as_contradicting() -> None:
    claim = ClaimFactory(text="Over 330 missiles were fired at Kyiv overnight.")
    other = ClaimFactory(text="300 missiles were fired at Kyiv overnight.")
    check = run_related(claim)
    related = RelatedClaim.objects.get(claim=claim)
    assert (related.related, related.stance, related.found_by) == (other, Stance.CONTRADICTS, check)
    assert "'Over 330 missiles' against '300 missiles'" in related.reason
    assert check.result["candidates"][0] == {
        "claim": other.pk,
        "relation": "conflict",
        "score": related.score,
        "stance": Stance.CONTRADICTS,
        "reason": related.reason,
    }


def test_a_paraphrase_with_few_letters_in_common_is_proposed_as_agreeing() -> None:
    claim = ClaimFactory(text="Antonin Scalia died in February and the vacancy is still open")
    other = ClaimFactory(text="Scalia, who died in February")
    run_related(claim)
    related = RelatedClaim.objects.get(claim=claim)
    assert (related.related, related.stance) == (other, Stance.SUPPORTS)


def test_the_check_proposes_what_manage_py_match_says_and_nothing_it_calls_related() -> None:
    claim = ClaimFactory(text="Eight people were injured in Kyiv overnight")
    ClaimFactory(text="Kyiv's mayor opened a new metro station overnight")
    check = run_related(claim)
    assert check.result["read"] == 1
    assert check.result["candidates"] == []
    assert not RelatedClaim.objects.exists()


def test_a_rejected_related_claim_adds_nothing_and_stays_rejected_when_checked_again() -> None:
    claim = ClaimFactory(text="Eight people were injured in Kyiv on Monday.")
    other = ClaimFactory(text="Eight people were injured in Kyiv on Monday night.")
    AttributionFactory(claim=other)
    run_related(claim)
    related = related_claim_decide(
        related=RelatedClaim.objects.get(claim=claim), accept=False, by=None
    )
    run_related(claim)
    related.refresh_from_db()
    assert related.status == RelatedClaimStatus.REJECTED
    assert not claim.attributions.exists()
    with pytest.raises(ApplicationError, match="already rejected"):
        related_claim_decide(related=related, accept=True, by=None)
