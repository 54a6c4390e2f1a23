"""CrossChecks: recorded first, queued when the transaction commits, run at most once in effect.

The database row is the record of truth and the queue only a hint: a task that finds its check
no longer queued (another worker has it, or it was cancelled) does nothing.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.models import Article, Claim, CrossCheck, CrossCheckKind, CrossCheckStatus
from claims.services.claims import User, user_or_none
from claims.services.corroboration import claim_corroboration
from factcheck.exceptions import ApplicationError

logger = logging.getLogger(__name__)


class Runner(Protocol):
    def __call__(self, *, claim: Claim) -> dict[str, Any]: ...


def crosscheck_queue(*, claim: Claim, kind: str, requested_by: User = None) -> CrossCheck:
    """Record a check and queue it once the surrounding transaction commits."""
    with transaction.atomic():
        check = CrossCheck.objects.create(
            claim=claim, kind=kind, requested_by=user_or_none(requested_by)
        )
        transaction.on_commit(lambda: crosscheck_dispatch(crosscheck_id=check.pk))
    return check


def crosscheck_dispatch(*, crosscheck_id: int) -> None:
    """Hand a recorded check to the queue; if the broker is down the row stays queued."""
    from claims.tasks import run_crosscheck  # the task module imports this one

    try:
        run_crosscheck.delay(crosscheck_id)
    except Exception:  # the broker's errors vary by transport; the row is the record
        logger.warning("CrossCheck %s recorded but not queued: broker unreachable", crosscheck_id)


def crosscheck_run(*, crosscheck_id: int) -> CrossCheck | None:
    """Run a queued check; returns None when it was not this call's to run."""
    claimed = CrossCheck.objects.filter(pk=crosscheck_id, status=CrossCheckStatus.QUEUED).update(
        status=CrossCheckStatus.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    check = CrossCheck.objects.select_related("claim").get(pk=crosscheck_id)
    try:
        result = RUNNERS[CrossCheckKind(check.kind)](claim=check.claim)
    except Exception as exc:
        _finish(check, CrossCheckStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        raise
    _finish(check, CrossCheckStatus.SUCCEEDED, result=result)
    return check


def _finish(
    check: CrossCheck, status: CrossCheckStatus, *, result: Any = None, error: str = ""
) -> None:
    # Conditional on RUNNING: a check cancelled meanwhile keeps its cancellation.
    CrossCheck.objects.filter(pk=check.pk, status=CrossCheckStatus.RUNNING).update(
        status=status, result=result, error=error, finished_at=timezone.now()
    )
    check.refresh_from_db()


RUNNERS: dict[CrossCheckKind, Runner] = {CrossCheckKind.CORROBORATION: claim_corroboration}


def crosscheck_queue_article(
    *, article: Article, kind: str, requested_by: User = None
) -> list[CrossCheck]:
    """Record and queue one check per claim of the article, all or none."""
    with transaction.atomic():
        return [
            crosscheck_queue(claim=claim, kind=kind, requested_by=requested_by)
            for claim in article.claims.order_by("start", "id")
        ]


def crosscheck_cancel(*, crosscheck: CrossCheck) -> CrossCheck:
    """Cancel a check that has not finished; a running one stops counting when it ends."""
    cancelled = CrossCheck.objects.filter(
        pk=crosscheck.pk, status__in=[CrossCheckStatus.QUEUED, CrossCheckStatus.RUNNING]
    ).update(status=CrossCheckStatus.CANCELLED, finished_at=timezone.now())
    crosscheck.refresh_from_db()
    if not cancelled and crosscheck.status != CrossCheckStatus.CANCELLED:
        raise ApplicationError(
            f"The check has already {crosscheck.status}; only a queued or running one can be "
            "cancelled.",
            field="status",
        )
    return crosscheck
