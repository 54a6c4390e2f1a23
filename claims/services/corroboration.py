"""The corroboration engine, fed from the workbench's claims, attributions and sources."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils import timezone

from claims.corroboration import Report, corroborate
from claims.models import Attribution, Claim, CrossCheck, Role, Stance
from claims.services.progress import Finding, Progress


def claim_reports(claim: Claim, attributions: list[Attribution]) -> list[Report]:
    """One report per originator; relays of the claim are the chain it came through.

    The value a source gives is its stance: a source contradicting the claim reports the other
    alternative of the same question.
    """
    relays = tuple(a.source.name for a in attributions if a.role == Role.RELAY)
    question = f"claim:{claim.pk}"
    reports = []
    for attribution in attributions:
        if attribution.role != Role.ORIGINATOR:
            continue
        if relays:
            reports.append(
                Report(question, relays[-1], attribution.stance, via=(attribution.source.name,))
            )
        else:
            reports.append(Report(question, attribution.source.name, attribution.stance))
    return reports


def claim_corroboration(*, claim: Claim) -> dict[str, Any]:
    """How well the claim's own sources corroborate it, with the engine's explanation."""
    attributions = list(
        claim.attributions.select_related("source__affiliation").order_by("role", "id")
    )
    sources = {a.source.name: a.source for a in attributions}
    result = corroborate(
        claim_reports(claim, attributions),
        grades={name: source.grade for name, source in sources.items()},
        affiliations={
            name: source.affiliation.name
            for name, source in sources.items()
            if source.affiliation is not None
        },
    )
    question = result.questions.get(f"claim:{claim.pk}")
    if question is None:
        return {
            "probability": None,
            "credibility": 6,
            "explanation": ["No source makes this claim: its truth cannot be judged yet."],
            "contributions": [],
        }
    supported = next(
        (alt.probability for alt in question.alternatives if alt.value == Stance.SUPPORTS), 0.0
    )
    return {
        "probability": supported,
        "credibility": question.credibility if question.best == Stance.SUPPORTS else 6,
        "explanation": list(question.explanation),
        "contributions": [asdict(c) for c in question.contributions],
        "sources": {name: asdict(r) for name, r in result.sources.items()},
    }


def corroboration_refresh(*, check: CrossCheck, progress: Progress) -> Finding:
    """The corroboration CrossCheck: recompute the claim's corroboration and keep it on the claim.

    The engine's estimates of the sources' reliability from this one claim are kept in the
    result only: a source's stored reliability comes from its whole track record.
    """
    assert check.claim is not None  # the database constraint gives claim kinds a claim
    claim = check.claim
    progress.start(1)
    result = claim_corroboration(claim=claim)
    progress.step()

    def store() -> None:
        Claim.objects.filter(pk=claim.pk).update(
            probability=result["probability"],
            suggested_credibility=result["credibility"],
            corroboration=result,
            corroborated_at=timezone.now(),
        )

    return Finding(result, store)
