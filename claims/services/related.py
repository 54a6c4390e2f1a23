"""The related-claims CrossCheck: claims already in the workbench that say the same thing as a
claim, or contradict it, and the editor's decision on each."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.matching import ClaimText, Relation, match
from claims.models import (
    Attribution,
    Claim,
    ClaimChange,
    CrossCheck,
    RelatedClaim,
    RelatedClaimStatus,
    Role,
    Stance,
)
from claims.search import candidate_claims
from claims.services.claims import User, user_or_none
from claims.services.progress import Finding, Progress
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
    """Accept or reject a proposed related claim. Accepting attributes the related claim's
    originators to this claim, supporting or contradicting it as the proposal says."""
    with transaction.atomic():
        related = RelatedClaim.objects.select_for_update().get(pk=related.pk)
        if related.status != RelatedClaimStatus.PROPOSED:
            raise ApplicationError(
                f"This related claim was already {related.status}.", field="status"
            )
        added = []
        if accept:
            originators = Attribution.objects.filter(
                claim_id=related.related_id, role=Role.ORIGINATOR
            ).select_related("source")
            for attribution in originators:
                _, created = Attribution.objects.get_or_create(
                    claim_id=related.claim_id,
                    source=attribution.source,
                    role=Role.ORIGINATOR,
                    defaults={"stance": related.stance, "source_text": attribution.source_text},
                )
                if created:
                    added.append(attribution.source.name)
        related.status = RelatedClaimStatus.ACCEPTED if accept else RelatedClaimStatus.REJECTED
        related.decided_by = user_or_none(by)
        related.decided_at = timezone.now()
        related.save(update_fields=["status", "decided_by", "decided_at"])
        ClaimChange.objects.create(
            claim_id=related.claim_id,
            action=f"related claim {related.status}",
            changes={"related": related.related_id, "stance": related.stance, "sources": added},
            changed_by=user_or_none(by),
        )
    return related
