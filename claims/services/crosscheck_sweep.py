"""The sweeper: it hands out again what the queue lost, a bounded batch per run.

Checks never dispatched (the broker was down), checks dispatched long ago and never started, and
running checks whose worker stopped beating; checks out of attempts fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone

from claims.models import AttemptOutcome, CrossCheck, CrossCheckAttempt, CrossCheckStatus, held
from claims.services.crosscheck_dispatch import crosscheck_dispatch


@dataclass(frozen=True)
class SweepResult:
    requeued: int  # running checks whose worker was lost, queued again
    failed: int  # checks that used up their attempts
    dispatched: int  # queued checks handed to the broker


def crosscheck_sweep(*, batch: int | None = None) -> SweepResult:
    """Recover what the queue lost, a bounded batch per run: running checks silent for
    FACTCHECK_CROSSCHECK_STUCK_SECONDS, queued ones dispatched over
    FACTCHECK_REDISPATCH_SECONDS ago (or never)."""
    batch = batch or settings.FACTCHECK_CROSSCHECK_SWEEP_BATCH
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.FACTCHECK_CROSSCHECK_STUCK_SECONDS)
    redispatch_cutoff = now - timedelta(seconds=settings.FACTCHECK_REDISPATCH_SECONDS)
    requeued = failed = 0
    lost = CrossCheck.objects.filter(
        status=CrossCheckStatus.RUNNING, heartbeat_at__lt=cutoff
    ).values_list("pk", "attempts", "max_attempts", "heartbeat_at")
    for pk, attempts, max_attempts, heartbeat_at in lost[:batch]:
        error = f"Worker lost: no progress since {heartbeat_at:%Y-%m-%d %H:%M:%S} UTC."
        # Conditional on the heartbeat read: an attempt that reported meanwhile keeps its check.
        still_lost = CrossCheck.objects.filter(
            held(pk=pk, attempt=attempts), heartbeat_at=heartbeat_at
        )
        with transaction.atomic():
            if attempts >= max_attempts:
                changed = still_lost.update(
                    status=CrossCheckStatus.FAILED,
                    error=f"{error} Gave up after {attempts} attempts.",
                    finished_at=now,
                )
                failed += changed
            else:
                changed = still_lost.update(
                    status=CrossCheckStatus.QUEUED, error=error, dispatched_at=None
                )
                requeued += changed
            if changed:
                CrossCheckAttempt.objects.filter(
                    crosscheck_id=pk, number=attempts, outcome=AttemptOutcome.RUNNING
                ).update(outcome=AttemptOutcome.LOST, error=error, finished_at=now)
    failed += CrossCheck.objects.filter(
        status=CrossCheckStatus.QUEUED, attempts__gte=F("max_attempts")
    ).update(
        status=CrossCheckStatus.FAILED,
        error=Concat(F("error"), Value(" Gave up: no attempts left.")),
        finished_at=now,
    )
    due = list(
        CrossCheck.objects.filter(status=CrossCheckStatus.QUEUED)
        .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=redispatch_cutoff))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:batch]
    )
    CrossCheck.objects.filter(pk__in=due, status=CrossCheckStatus.QUEUED).update(dispatched_at=now)
    dispatched = crosscheck_dispatch(crosscheck_ids=due)
    return SweepResult(requeued=requeued, failed=failed, dispatched=dispatched)
