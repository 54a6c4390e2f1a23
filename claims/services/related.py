"""The related-claims CrossCheck: claims already in the workbench that say the same thing as a
claim, or contradict it, and the editor's decision on each."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.matching import ClaimText, match
from claims.models import (
    Claim,
    ClaimChange,
    CrossCheck,
    RelatedClaim,
    RelatedClaimStatus,
    Stance,
)
from claims.selectors import SimilarClaim, similar_claims
from claims.services.crosschecks import corroboration_queue
from claims.services.progress import Finding, Progress
from claims.services.questions import claims_group
from claims.services.users import User, user_or_none
from factcheck.exceptions import ApplicationError

# What a qualifier says about the true number x, given the stated value v: low <= x <= high.
_AT_LEAST = {"at least", "more than", "over", "just over"}
_AT_MOST = {"at most", "less than", "fewer than", "up to", "as many as", "as much as", "under"}
_BELOW_NEAR = {"nearly", "almost", "just under"}
_AROUND = {"about", "around", "roughly", "approximately", "some", "an estimated"}
_AROUND_MARGIN = 0.1


def quantity_range(quantity: dict[str, Any]) -> tuple[float, float]:
    """The numbers a stated quantity allows: "over 330" is [330, inf), "about 300" [270, 330]."""
    value = float(quantity["value"])
    qualifier = str(quantity.get("qualifier", "")).casefold()
    if qualifier in _AT_LEAST:
        return value, math.inf
    if qualifier in _AT_MOST:
        return -math.inf, value
    if qualifier in _BELOW_NEAR:
        return value * (1 - _AROUND_MARGIN), value
    if qualifier in _AROUND:
        return value * (1 - _AROUND_MARGIN), value * (1 + _AROUND_MARGIN)
    return value, value


def _unit(quantity: dict[str, Any]) -> str:
    unit = str(quantity.get("unit", "")).casefold().strip()
    return unit[:-1] if unit.endswith("s") else unit


def _stated(quantity: dict[str, Any]) -> str:
    return str(quantity.get("text") or f"{quantity['value']:g} {quantity.get('unit', '')}").strip()


def quantities_disagree(
    ours: list[dict[str, Any]], theirs: list[dict[str, Any]]
) -> tuple[str, str] | None:
    """The first pair of quantities of one unit that cannot both be true, as stated."""
    for mine in ours:
        for other in theirs:
            if _unit(mine) != _unit(other):
                continue
            low, high = quantity_range(mine)
            other_low, other_high = quantity_range(other)
            if high < other_low or other_high < low:
                return _stated(mine), _stated(other)
    return None


@dataclass(frozen=True)
class Candidate:
    claim: int
    score: float
    stance: str
    reason: str


def _judge(claim: Claim, other: Claim, score: float) -> tuple[str, str]:
    """(stance, reason) of `other` towards `claim`."""
    disagreement = quantities_disagree(claim.quantities, other.quantities)
    if disagreement is not None:
        return Stance.CONTRADICTS, f"The numbers disagree: {disagreement[0]!r} here, " + (
            f"{disagreement[1]!r} there."
        )
    if claim.question_id is not None and other.question_id == claim.question_id:
        if claim.value.strip().casefold() != other.value.strip().casefold():
            return Stance.CONTRADICTS, f"Answers the same question with {other.value!r}."
        return Stance.SUPPORTS, "Gives the same answer to the same question."
    return Stance.SUPPORTS, f"Says the same thing (text similarity {score:.2f})."


def related_claims_check(*, check: CrossCheck, progress: Progress) -> Finding:
    """The related-claims CrossCheck: propose similar claims and claims of the same question,
    each with a score and a stance, for an editor to accept or reject."""
    assert check.claim is not None  # the database constraint gives claim kinds a claim
    claim = check.claim
    limit = settings.FACTCHECK_RELATED_CLAIMS_LIMIT
    progress.start(2)
    matches = similar_claims(
        claim=claim, limit=limit, min_score=settings.FACTCHECK_RELATED_CLAIMS_MIN_SCORE
    )
    if claim.question_id is not None:
        same_question = Claim.objects.filter(question_id=claim.question_id).exclude(pk=claim.pk)
        known = {match.claim_id for match in matches}
        matches += [
            SimilarClaim(pk, 0.0)
            for pk in same_question.order_by("-id").values_list("pk", flat=True)[:limit]
            if pk not in known
        ]
    progress.step()
    others = Claim.objects.in_bulk([match.claim_id for match in matches])
    candidates = [
        Candidate(
            match.claim_id,
            round(match.score, 4),
            *_judge(claim, others[match.claim_id], match.score),
        )
        for match in matches
    ]
    progress.step()

    def store() -> None:
        decided = set(
            RelatedClaim.objects.filter(claim=claim)
            .exclude(status=RelatedClaimStatus.PROPOSED)
            .values_list("related_id", flat=True)
        )
        # One upsert; an editor's decision stands, so decided pairs are left out.
        RelatedClaim.objects.bulk_create(
            [
                RelatedClaim(
                    claim=claim,
                    related_id=candidate.claim,
                    score=candidate.score,
                    stance=candidate.stance,
                    reason=candidate.reason[:300],
                    found_by=check,
                )
                for candidate in candidates
                if candidate.claim not in decided
            ],
            update_conflicts=True,
            unique_fields=["claim", "related"],
            update_fields=["score", "stance", "reason", "found_by"],
        )

    return Finding({"candidates": [asdict(candidate) for candidate in candidates]}, store)


def related_claim_decide(*, related: RelatedClaim, accept: bool, by: User) -> RelatedClaim:
    """Accept or reject a proposed related claim, and the same pair proposed the other way round.

    Accepting an agreement makes the two claims one answer of one question, so that each one's
    sources corroborate the other; accepting a conflict makes them two answers of one question,
    weighed against each other. Either way both claims' corroboration is refreshed once the
    decision commits, and both claims' histories record it.
    """
    user = user_or_none(by)
    pair = RelatedClaim.objects.select_related("claim__article", "related__article")
    # What the two claims answer and each one's value, read by the matcher outside the lock.
    proposed = pair.get(pk=related.pk)
    matched = match(_claim_text(proposed.claim), _claim_text(proposed.related))
    with transaction.atomic():
        related = pair.select_for_update(of=("self",)).get(pk=related.pk)
        if related.status != RelatedClaimStatus.PROPOSED:
            raise ApplicationError(
                f"This related claim was already {related.status}.", field="status"
            )
        related.status = RelatedClaimStatus.ACCEPTED if accept else RelatedClaimStatus.REJECTED
        related.decided_by = user
        related.decided_at = timezone.now()
        mirror = Q(
            claim=related.related_id, related=related.claim_id, status=RelatedClaimStatus.PROPOSED
        )
        RelatedClaim.objects.filter(Q(pk=related.pk) | mirror).update(
            status=related.status, decided_by=user, decided_at=related.decided_at
        )
        question = None
        if accept:
            question = claims_group(
                claim=related.claim,
                other=related.related,
                agree=related.stance == Stance.SUPPORTS,
                question=matched.question if matched.relation.same_fact else "",
                values=matched.values if matched.relation.same_fact else ("", ""),
                by=by,
            )
        else:
            corroboration_queue(claims=[related.claim, related.related], requested_by=by)
        ClaimChange.objects.bulk_create(
            ClaimChange(
                claim_id=claim,
                action=f"related claim {related.status}",
                changes={
                    "related": other,
                    "stance": related.stance,
                    "question": question.text if question is not None else None,
                },
                changed_by=user,
            )
            for claim, other in (
                (related.claim_id, related.related_id),
                (related.related_id, related.claim_id),
            )
        )
    return related


def _claim_text(claim: Claim) -> ClaimText:
    """A claim as the matcher reads it: with its article's date and headline."""
    if claim.article is None:
        return ClaimText(claim.text)
    return ClaimText(claim.text, date=claim.article.published_at, headline=claim.article.title)
