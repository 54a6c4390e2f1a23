"""Publication: what goes out, frozen as a numbered revision (Publication) recorded with who
and when. The public page, the feed and webhooks serve a claim's current revision alone."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from claims.claimreview import claim_review
from claims.models import Claim, ClaimChange, ClaimStatus, Publication, PublicationStatus
from claims.selectors import claimant
from claims.services.crosscheck_queue import corroboration_queue
from claims.services.users import User, user_or_none
from claims.signals import publication_made
from factcheck.exceptions import ApplicationError, StateConflict
from sources.models import SourceStatus

RETRACTED_KIND = "retracted"


def not_retracted(claim: Claim) -> None:
    if claim.status == ClaimStatus.RETRACTED:
        raise StateConflict(
            "A retracted claim cannot be changed.", kind=RETRACTED_KIND, field="status"
        )


def _comparable(review: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a revision says, leaving out when it went out."""
    return review and {key: value for key, value in review.items() if key != "dateModified"}


def _revise(
    claim: Claim,
    *,
    status: str,
    review: dict[str, Any] | None,
    reason: str,
    by: User,
    current: Publication | None,
) -> Publication:
    now = timezone.now()
    source = claimant(claim) if review is not None else None
    if current is not None:
        Publication.objects.filter(pk=current.pk).update(is_current=False)
    publication = Publication.objects.create(
        claim=claim,
        number=(current.number + 1) if current is not None else 1,
        status=status,
        verdict=claim.verdict,
        verdict_rationale=claim.verdict_rationale,
        credibility=claim.credibility,
        claimant=source,
        claim_review=review,
        reason=reason,
        published_by=user_or_none(by),
        published_at=now,
    )
    ClaimChange.objects.create(
        claim=claim,
        action="published" if status == PublicationStatus.PUBLISHED else "retracted",
        changes={"revision": publication.number, **({"reason": reason} if reason else {})},
        changed_by=user_or_none(by),
    )
    publication_made.send(sender=Publication, publication=publication, previous=current)
    return publication


def claim_publish(*, claim: Claim, by: User, request_url: str = "") -> Claim:
    """Publish the claim's verdict as its next revision; publishing what is already out changes
    nothing. Its claimant must be a confirmed source: a proposed one is confirmed first.
    `request_url` is the address the request came to: the newsroom's, unless settings say."""
    with transaction.atomic():
        claim = (
            Claim.objects.select_related("article").select_for_update(of=("self",)).get(pk=claim.pk)
        )
        not_retracted(claim)
        if not claim.verdict:
            raise StateConflict(
                "Rate the claim before publishing its verdict.", kind="not_rated", field="verdict"
            )
        source = claimant(claim)
        if source is not None and source.status != SourceStatus.CONFIRMED:
            raise StateConflict(
                f"Confirm the source {source.name} before publishing it as the claimant.",
                kind="claimant_unconfirmed",
                field="source",
            )
        current = Publication.objects.filter(claim=claim, is_current=True).first()
        now = timezone.now()
        first = claim.published_at or now
        review = claim_review(
            claim=claim,
            claimant=source,
            published_at=first,
            modified_at=now,
            request_url=request_url,
        )
        if current is not None and _comparable(current.claim_review) == _comparable(review):
            return claim
        claim.status = ClaimStatus.PUBLISHED
        claim.published_at = first
        claim.save(update_fields=["status", "published_at", "updated_at"])
        _revise(
            claim,
            status=PublicationStatus.PUBLISHED,
            review=review,
            reason="",
            by=by,
            current=current,
        )
        # Editors' verdicts are what corroboration learns the sources' reliability from.
        corroboration_queue(claims=[claim], requested_by=by)
    return claim


def claim_retract(*, claim: Claim, by: User, reason: str) -> Claim:
    """Withdraw a verdict: a published one goes out as a retraction (a tombstone with its
    reason); the claim keeps its history and can no longer be changed."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Say why the verdict is retracted.", field="reason")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        not_retracted(claim)
        claim.status = ClaimStatus.RETRACTED
        claim.verdict_rationale = f"{claim.verdict_rationale}\n\nRetracted: {reason}".strip()
        claim.save(update_fields=["status", "verdict_rationale", "updated_at"])
        current = Publication.objects.filter(claim=claim, is_current=True).first()
        if current is None:
            ClaimChange.objects.create(
                claim=claim,
                action="retracted",
                changes={"reason": reason},
                changed_by=user_or_none(by),
            )
        else:
            _revise(
                claim,
                status=PublicationStatus.RETRACTED,
                review=None,
                reason=reason,
                by=by,
                current=current,
            )
        corroboration_queue(claims=[claim], requested_by=by)
    return claim
