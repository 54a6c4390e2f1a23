"""The track-record CrossCheck: a source's reliability from the verdicts on its claims."""

from __future__ import annotations

from dataclasses import asdict

from django.utils import timezone

from claims.models import CrossCheck
from claims.services.corroboration import reliability_fields, source_evidence
from claims.services.progress import Finding, Progress
from sources.models import Source


def track_record_check(*, check: CrossCheck, progress: Progress) -> Finding:
    """Recompute the source's reliability with the corroboration engine from every claim it is
    attributed on (and the other claims of their questions), the editors' verdicts taken as
    certain; stored on the Source."""
    assert check.source is not None  # the database constraint gives source kinds a source
    source = check.source
    progress.start(2)
    found = source_evidence(source=source)
    progress.step()
    result = found.run()
    progress.step()
    claims = sum(
        1 for c in found.claims if any(a.source_id == source.pk for a in c.attributions.all())
    )
    reliability = result.sources.get(source.name)
    if reliability is None:
        return Finding({"claims": claims, "verdicts": len(found.labels), "reliability": None})

    def store() -> None:
        Source.objects.filter(pk=source.pk).update(
            **reliability_fields(reliability, at=timezone.now())
        )

    return Finding(
        {"claims": claims, "verdicts": len(found.labels), "reliability": asdict(reliability)},
        store,
    )
