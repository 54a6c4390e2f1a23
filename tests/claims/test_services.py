"""Claim edits, verdicts and their history."""

from __future__ import annotations

import pytest

from claims.models import ClaimStatus, Verdict
from claims.services.claims import claim_rate, claim_update
from claims.services.publications import claim_publish, claim_retract
from factcheck.exceptions import ApplicationError
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_edit_records_who_changed_what() -> None:
    editor = UserFactory()
    claim = ClaimFactory(text="Eight people were injured.")
    claim_update(claim=claim, by=editor, text="Ten people were injured.")
    change = claim.changes.get()
    assert change.changed_by == editor
    assert change.changes == {"text": ["Eight people were injured.", "Ten people were injured."]}
    claim.refresh_from_db()
    assert claim.normalized == "ten people were injured"


def test_an_edit_that_changes_nothing_records_nothing() -> None:
    claim = ClaimFactory()
    claim_update(claim=claim, by=None, text=claim.text)
    assert not claim.changes.exists()


def test_an_invalid_edit_is_refused_and_leaves_no_history() -> None:
    claim = ClaimFactory()
    with pytest.raises(ApplicationError, match="credibility"):
        claim_update(claim=claim, by=None, credibility=9)
    assert not claim.changes.exists()


def test_rating_sets_verdict_and_status_and_needs_a_rationale() -> None:
    claim = ClaimFactory()
    with pytest.raises(ApplicationError, match="rationale"):
        claim_rate(claim=claim, verdict=Verdict.FALSE, rationale=" ", credibility=5, by=None)
    claim = claim_rate(
        claim=claim,
        verdict=Verdict.FALSE,
        rationale="Footage shows otherwise.",
        credibility=5,
        by=None,
    )
    assert (claim.status, claim.verdict, claim.credibility) == (ClaimStatus.RATED, "false", 5)


def test_publishing_needs_a_verdict_and_keeps_the_first_publication_date() -> None:
    claim = ClaimFactory()
    with pytest.raises(ApplicationError, match="Rate the claim"):
        claim_publish(claim=claim, by=None)
    claim_rate(claim=claim, verdict=Verdict.TRUE, rationale="Confirmed.", credibility=1, by=None)
    published = claim_publish(claim=claim, by=None)
    first = published.published_at
    rerated = claim_rate(
        claim=published, verdict=Verdict.MOSTLY_TRUE, rationale="Nuance.", credibility=2, by=None
    )
    assert rerated.status == ClaimStatus.PUBLISHED
    assert claim_publish(claim=rerated, by=None).published_at == first
    assert [c.action for c in claim.changes.all()] == ["rated", "published", "rated", "published"]
    assert [p.number for p in claim.publications.all()] == [1, 2]


def test_a_retracted_claim_cannot_be_rated() -> None:
    claim = claim_rate(
        claim=ClaimFactory(), verdict=Verdict.TRUE, rationale="Yes.", credibility=2, by=None
    )
    claim_retract(claim=claim, by=None, reason="Misread the source.")
    with pytest.raises(ApplicationError, match="retracted"):
        claim_rate(claim=claim, verdict=Verdict.FALSE, rationale="No.", credibility=5, by=None)
