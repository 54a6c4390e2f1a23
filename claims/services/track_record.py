"""The track-record CrossCheck: a source's reliability from the verdicts on its claims."""

from __future__ import annotations

from dataclasses import asdict

from django.utils import timezone

from claims.corroboration import corroborate
from claims.models import Attribution, CrossCheck, Stance, Verdict
from claims.services.corroboration import claim_reports
from claims.services.progress import Finding, Progress
from sources.models import Source

# A verdict confirms what the claim's supporting sources said, or refutes it.
CONFIRMED = {Verdict.TRUE, Verdict.MOSTLY_TRUE}
REFUTED = {Verdict.FALSE, Verdict.MOSTLY_FALSE}


def track_record_check(*, check: CrossCheck, progress: Progress) -> Finding:
    """Recompute the source's reliability with the corroboration engine from every claim it is
    attributed on, the editors' verdicts taken as certain; stored on the Source."""
    assert check.source is not None  # the database constraint gives source kinds a source
    source = check.source
    progress.start(2)
    attributions = list(
        Attribution.objects.filter(claim__attributions__source=source)
        .select_related("claim", "source__affiliation")
        .order_by("claim_id", "role", "id")
        .distinct()
    )
    by_claim: dict[int, list[Attribution]] = {}
    for attribution in attributions:
        by_claim.setdefault(attribution.claim_id, []).append(attribution)
    reports, labels = [], {}
    for claim_attributions in by_claim.values():
        claim = claim_attributions[0].claim
        reports += claim_reports(claim, claim_attributions)
        if claim.verdict in CONFIRMED:
            labels[f"claim:{claim.pk}"] = Stance.SUPPORTS.value
        elif claim.verdict in REFUTED:
            labels[f"claim:{claim.pk}"] = Stance.CONTRADICTS.value
    sources = {a.source.name: a.source for a in attributions}
    progress.step()
    result = corroborate(
        reports,
        grades={name: s.grade for name, s in sources.items()},
        labels=labels,
        affiliations={n: s.affiliation.name for n, s in sources.items() if s.affiliation},
    )
    progress.step()
    reliability = result.sources.get(source.name)
    if reliability is None:
        return Finding(
            {"claims": len(by_claim), "verdicts": len(labels), "reliability": None},
        )

    def store() -> None:
        Source.objects.filter(pk=source.pk).update(
            reliability=reliability.mean,
            reliability_alpha=reliability.alpha,
            reliability_beta=reliability.beta,
            reliability_low=reliability.low,
            reliability_high=reliability.high,
            reliability_explanation=reliability.explanation,
            reliability_updated_at=timezone.now(),
        )

    return Finding(
        {"claims": len(by_claim), "verdicts": len(labels), "reliability": asdict(reliability)},
        store,
    )
