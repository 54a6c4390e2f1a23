"""The related-claims CrossCheck: claims already in the workbench that say the same thing as a
claim, or contradict it, and the editor's decision on each."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.matching import ClaimText, Relation, match
from claims.models import (
    Claim,
    ClaimChange,
    CrossCheck,
    RelatedClaim,
    RelatedClaimStatus,
    Stance,
)
from claims.search import candidate_claims
from claims.services.crosscheck_queue import corroboration_queue
from claims.services.progress import Finding, Progress
from claims.services.questions import claims_group
from claims.services.users import User, user_or_none
from factcheck.exceptions import ApplicationError


@dataclass(frozen=True)
class Candidate:
    claim: int
    relation: str  # agree or conflict: only claims of the same fact are proposed
    score: float
    stance: str
    reason: str


def claim_text(claim: Claim) -> ClaimText:
    """A claim as claim matching reads it: "Monday" is read against its article's date."""
    article = claim.article
    return ClaimText(
        text=claim.text,
        date=article.published_at if article is not None else None,
        headline=article.title if article is not None else "",
    )


def related_proposals(*, claim: Claim) -> tuple[int, list[Candidate]]:
    """(how many candidates were read, the claims of other articles that state the same fact,
    best first): the search finds candidates, and claims.matching, the function `manage.py
    match` answers with, decides which state the same fact, agreeing or conflicting."""
    found = candidate_claims(claim=claim, limit=settings.FACTCHECK_RELATED_CLAIMS_CANDIDATES)
    others = Claim.objects.filter(pk__in=[c.claim_id for c in found]).values_list(
        "pk", "text", "article__published_at", "article__title"
    )
    mine = claim_text(claim)
    matches = [
        (pk, match(mine, ClaimText(text=text, date=date, headline=headline or "")))
        for pk, text, date, headline in others
    ]
    proposals = [
        Candidate(
            claim=pk,
            relation=found_match.relation.value,
            score=found_match.score,
            stance=(
                Stance.CONTRADICTS if found_match.relation is Relation.CONFLICT else Stance.SUPPORTS
            ),
            reason=found_match.reason,
        )
        for pk, found_match in matches
        if found_match.relation.same_fact
    ]
    proposals.sort(key=lambda candidate: (-candidate.score, -candidate.claim))
    return len(matches), proposals[: settings.FACTCHECK_RELATED_CLAIMS_LIMIT]


def related_claims_check(*, check: CrossCheck, progress: Progress) -> Finding:
    """The related-claims CrossCheck: propose the claims of other articles that state the same
    fact, each agreeing or conflicting, for an editor to accept or reject."""
    assert check.claim is not None  # the database constraint gives claim kinds a claim
    claim = check.claim
    progress.start(1)
    read, candidates = related_proposals(claim=claim)
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

    result = {"read": read, "candidates": [asdict(c) for c in candidates]}
    return Finding(result, store)


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
    matched = match(claim_text(proposed.claim), claim_text(proposed.related))
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
