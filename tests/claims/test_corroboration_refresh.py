"""Nobody presses a button for corroboration to be current: every change that moves it (a
decision on a related claim, an attribution, a verdict, a split) queues a refresh of the claims
it touches, recorded with the change and dispatched only once the change commits."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claims.models import Claim, ClaimStatus, CrossCheck, CrossCheckKind, CrossCheckStatus, Stance
from claims.services.attributions import attribution_create, attribution_delete, attribution_update
from claims.services.claims import claim_rate
from claims.services.crosscheck_queue import corroboration_queue
from claims.services.publications import claim_publish, claim_retract
from claims.services.questions import claims_group, question_split
from claims.services.related import related_claim_decide
from tests.factories import AttributionFactory, ClaimFactory, RelatedClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

Trigger = Callable[[Claim, Claim], object]


def _decide(accept: bool) -> Trigger:
    def decide(claim: Claim, other: Claim) -> object:
        proposal = RelatedClaimFactory(claim=claim, related=other, stance=Stance.CONTRADICTS)
        return related_claim_decide(related=proposal, accept=accept, by=None)

    return decide


def _split(claim: Claim, other: Claim) -> object:
    claims_group(claim=claim, other=other, agree=False, by=None)
    CrossCheck.objects.all().delete()  # the grouping's own refresh, not this test's subject
    return question_split(claim=claim, by=None)


# Each change, and the claims it touches that get a refresh: one per question touched (a
# refresh recomputes its claim's whole question), one per claim standing alone.
TRIGGERS: dict[str, tuple[Trigger, str]] = {
    "accepted conflict": (_decide(accept=True), "claim"),
    "rejected proposal": (_decide(accept=False), "both"),
    "attribution created": (
        lambda claim, _: attribution_create(claim=claim, source=SourceFactory(), by=None),
        "claim",
    ),
    "attribution changed": (
        lambda claim, _: attribution_update(
            attribution=claim.attributions.get(), stance=Stance.CONTRADICTS, by=None
        ),
        "claim",
    ),
    "attribution deleted": (
        lambda claim, _: attribution_delete(attribution=claim.attributions.get(), by=None),
        "claim",
    ),
    "rated": (
        lambda claim, _: claim_rate(
            claim=claim, verdict="false", rationale="Hospitals count ten.", credibility=5, by=None
        ),
        "claim",
    ),
    "published": (lambda claim, _: claim_publish(claim=claim, by=None), "claim"),
    "retracted": (lambda claim, _: claim_retract(claim=claim, by=None, reason="Wrong"), "claim"),
    "question split": (_split, "both"),
}


@pytest.mark.parametrize("name", TRIGGERS)
def test_each_change_queues_a_refresh_of_the_claims_it_touches_once_it_commits(
    name: str, django_capture_on_commit_callbacks
) -> None:
    trigger, touched = TRIGGERS[name]
    claim = AttributionFactory(
        claim__verdict="true", claim__status=ClaimStatus.RATED, claim__text="Eight were injured."
    ).claim
    other = AttributionFactory(claim__text="Ten were injured.").claim
    expected = {claim.pk} if touched == "claim" else {claim.pk, other.pk}
    with django_capture_on_commit_callbacks() as on_commit:
        trigger(claim, other)
        refreshes = CrossCheck.objects.filter(kind=CrossCheckKind.CORROBORATION)
        assert {check.claim_id for check in refreshes} == expected
        assert {check.status for check in refreshes} == {CrossCheckStatus.QUEUED}
    assert not Claim.objects.filter(corroborated_at__isnull=False).exists()  # not before commit
    for callback in on_commit:
        callback()  # tasks run eagerly in these tests
    assert set(refreshes.values_list("status", flat=True)) == {CrossCheckStatus.SUCCEEDED}
    assert not Claim.objects.filter(pk__in=expected, corroborated_at__isnull=True).exists()


def test_changes_in_one_transaction_share_one_pending_refresh(
    django_capture_on_commit_callbacks,
) -> None:
    claim = AttributionFactory().claim
    with django_capture_on_commit_callbacks():
        attribution_create(claim=claim, source=SourceFactory(), by=None)
        claim_rate(claim=claim, verdict="true", rationale="Confirmed.", credibility=2, by=None)
    assert CrossCheck.objects.filter(kind=CrossCheckKind.CORROBORATION).count() == 1


def test_a_refresh_pending_on_a_claim_of_the_question_is_not_queued_twice() -> None:
    claim, other = ClaimFactory(), ClaimFactory()
    claims_group(claim=claim, other=other, agree=True, by=None)
    claim.refresh_from_db()
    other.refresh_from_db()
    (pending,) = CrossCheck.objects.filter(kind=CrossCheckKind.CORROBORATION)
    assert corroboration_queue(claims=[claim, other]) == [pending]
