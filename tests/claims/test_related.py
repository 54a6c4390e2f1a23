"""The related-claims CrossCheck proposes claims that say the same or the opposite; editors
decide, and accepted ones become attributions."""

from __future__ import annotations

import math

import pytest
from django.db import connection

from claims.models import (
    CrossCheckKind,
    CrossCheckStatus,
    RelatedClaim,
    RelatedClaimStatus,
    Stance,
)
from claims.selectors import similar_claims, trigram_similarity
from claims.services.crosscheck_runs import crosscheck_run
from claims.services.related import quantities_disagree, quantity_range, related_claim_decide
from factcheck.exceptions import ApplicationError
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    CrossCheckFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


def missiles(value: float, qualifier: str = "") -> dict[str, object]:
    return {"value": value, "unit": "missiles", "qualifier": qualifier, "text": f"{value:g}"}


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


def test_similar_claims_across_articles_come_best_first_and_unrelated_ones_not_at_all() -> None:
    claim = ClaimFactory(text="Eight people were injured in a missile strike on Kyiv.")
    close = ClaimFactory(text="Eight people were injured in the missile strike on Kyiv.")
    further = ClaimFactory(text="Eight people were hurt by a missile strike on Kyiv overnight.")
    ClaimFactory(text="The grain deal was extended for another four months.")
    found = similar_claims(claim=claim, limit=10, min_score=0.35)
    assert [match.claim_id for match in found] == [close.pk, further.pk]
    assert 1 > found[0].score > found[1].score >= 0.35


def test_a_claim_sharing_only_a_number_is_not_a_candidate_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the full-text candidate search is PostgreSQL's: set DATABASE_URL (CI does)")
    claim = ClaimFactory(text="330 missiles hit Kharkiv.")
    same_subject = ClaimFactory(text="Kharkiv was hit by 300 missiles.")
    ClaimFactory(text="Odesa counted 330 ballots.")
    found = similar_claims(claim=claim, limit=10, min_score=0.0)
    assert [match.claim_id for match in found] == [same_subject.pk]


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (missiles(330, "over"), (330, math.inf)),
        (missiles(300, "up to"), (-math.inf, 300)),
        (missiles(300, "about"), (270, 330)),
        (missiles(300, "nearly"), (270, 300)),
        (missiles(300), (300, 300)),
    ],
)
def test_a_qualifier_turns_a_stated_number_into_the_range_it_allows(quantity, expected) -> None:
    assert quantity_range(quantity) == pytest.approx(expected)


def test_quantities_of_one_unit_disagree_only_when_their_ranges_do_not_meet() -> None:
    assert quantities_disagree([missiles(330, "over")], [missiles(300)]) == ("330", "300")
    assert quantities_disagree([missiles(300, "over")], [missiles(330)]) is None
    assert quantities_disagree([missiles(300, "about")], [missiles(320)]) is None
    drones = {"value": 300.0, "unit": "drones", "qualifier": ""}
    assert quantities_disagree([missiles(330, "over")], [drones]) is None


def test_the_check_proposes_a_claim_whose_numbers_disagree_as_contradicting() -> None:
    claim = ClaimFactory(
        text="Over 330 missiles were fired at Kyiv overnight.", quantities=[missiles(330, "over")]
    )
    other = ClaimFactory(
        text="300 missiles were fired at Kyiv overnight.", quantities=[missiles(300)]
    )
    check = run_related(claim)
    related = RelatedClaim.objects.get(claim=claim)
    assert (related.related, related.stance, related.found_by) == (other, Stance.CONTRADICTS, check)
    assert "numbers disagree" in related.reason
    assert check.result["candidates"][0]["claim"] == other.pk


def test_claims_of_the_same_question_are_proposed_even_when_worded_differently() -> None:
    question = QuestionFactory()
    claim = ClaimFactory(text="Eight were injured.", question=question, value="8")
    same = ClaimFactory(text="The toll: 8 hurt, say medics.", question=question, value="8")
    other = ClaimFactory(text="Police counted ten wounded.", question=question, value="10")
    run_related(claim)
    stances = dict(RelatedClaim.objects.values_list("related_id", "stance"))
    assert stances == {same.pk: Stance.SUPPORTS, other.pk: Stance.CONTRADICTS}


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
