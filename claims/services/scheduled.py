"""What Celery beat queues (schedule in settings.CELERY_BEAT_SCHEDULE): fresh checks of
published claims whose last check is old, and every source's track record."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import F, Max, Q
from django.utils import timezone

from claims.models import SOURCE_KINDS, Claim, ClaimStatus, CrossCheck, CrossCheckKind
from claims.services.crosscheck_queue import crosscheck_queue, crosscheck_queue_many
from factcheck.exceptions import ApplicationError
from sources.models import Source


def stale_claims(*, kind: CrossCheckKind, older_than: timedelta, limit: int) -> list[Claim]:
    """Published claims whose last check of `kind` is older than `older_than` (or that never had
    one), the never checked first, then the longest unchecked."""
    cutoff = timezone.now() - older_than
    last_check = Max("crosschecks__created_at", filter=Q(crosschecks__kind=kind))
    return list(
        Claim.objects.filter(status=ClaimStatus.PUBLISHED)
        .annotate(last_check=last_check)
        .filter(Q(last_check__isnull=True) | Q(last_check__lt=cutoff))
        .order_by(F("last_check").asc(nulls_first=True), "id")[:limit]
    )


def crosscheck_queue_stale(
    *,
    kinds: list[str] | None = None,
    older_than: timedelta | None = None,
    limit: int | None = None,
) -> list[CrossCheck]:
    """Queue checks of `kinds` (the scheduled ones by default) on stale published claims,
    `limit` claims per kind."""
    older_than = older_than or timedelta(days=settings.FACTCHECK_STALE_AFTER_DAYS)
    limit = limit or settings.FACTCHECK_STALE_BATCH
    queued = []
    for kind in kinds or settings.FACTCHECK_STALE_KINDS:
        if kind not in CrossCheckKind.values or kind in SOURCE_KINDS:
            raise ApplicationError(f"{kind!r} is not a kind of CrossCheck on claims.", field="kind")
        stale = stale_claims(kind=CrossCheckKind(kind), older_than=older_than, limit=limit)
        queued += crosscheck_queue_many(kind=kind, claims=stale)
    return queued


def crosscheck_queue_track_records() -> list[CrossCheck]:
    """Queue a track-record check of every source that has claims attributed to it."""
    sources = Source.objects.filter(attributions__isnull=False).distinct().order_by("id")
    return [crosscheck_queue(kind=CrossCheckKind.TRACK_RECORD, source=s) for s in sources]
