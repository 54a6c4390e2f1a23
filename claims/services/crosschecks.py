"""CrossChecks: recorded first, queued when the transaction commits, run at most once in effect.

The database row is the record of truth and the queue only a hint: a message names one or more
checks, and a task that finds a check no longer queued (another worker has it, it is waiting for
a retry, or it was cancelled) leaves it alone. An attempt holds its check while the row is
running under the attempt's number; it reports progress (its heartbeat) and makes its writes
only while it holds it. The sweeper hands out again what the queue lost: checks never dispatched
(the broker was down), checks dispatched long ago and never started, and running checks whose
worker stopped beating.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, InterfaceError, connection, transaction
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import DateTimeField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from claims.models import (
    PENDING,
    SOURCE_KINDS,
    Article,
    AttemptOutcome,
    Claim,
    CrossCheck,
    CrossCheckAttempt,
    CrossCheckKind,
    CrossCheckStatus,
)
from claims.services.appearances import appearance_check
from claims.services.claims import User, user_or_none
from claims.services.commits import recording
from claims.services.corroboration import corroboration_refresh
from claims.services.progress import CrossCheckStopped, Finding, Progress, Runner
from claims.services.related import related_claims_check
from claims.services.track_record import track_record_check
from factcheck.exceptions import ApplicationError
from factcheck.fetch import FetchError
from sources.models import Source

logger = logging.getLogger(__name__)

# Errors that another attempt may not meet: the network, the database, the broker, a slow run.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    DatabaseOperationalError,
    InterfaceError,
    BrokerOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
    SoftTimeLimitExceeded,
)

RUNNERS: dict[CrossCheckKind, Runner] = {
    CrossCheckKind.CORROBORATION: corroboration_refresh,
    CrossCheckKind.RELATED_CLAIMS: related_claims_check,
    CrossCheckKind.APPEARANCE: appearance_check,
    CrossCheckKind.TRACK_RECORD: track_record_check,
}


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, FetchError):
        return exc.transient
    return isinstance(exc, TRANSIENT_ERRORS)


def retry_delay(*, attempt: int) -> float:
    """Seconds before retrying after failed attempt `attempt` (1, 2, ...): exponential backoff,
    capped, with jitter (half the delay drawn at random) so that checks that failed together
    (the same site down) do not all come back at once."""
    ceiling = min(
        settings.FACTCHECK_CROSSCHECK_RETRY_MAX_SECONDS,
        settings.FACTCHECK_CROSSCHECK_RETRY_BASE_SECONDS * 2 ** (attempt - 1),
    )
    return float(ceiling / 2 + random.uniform(0, ceiling / 2))


def _check_subject(kind: str, *, on_claim: bool, on_source: bool) -> CrossCheckKind:
    if kind not in CrossCheckKind.values:
        known = ", ".join(CrossCheckKind.values)
        raise ApplicationError(f"{kind!r} is not a kind of CrossCheck ({known}).", field="kind")
    checked = CrossCheckKind(kind)
    if checked in SOURCE_KINDS and (on_claim or not on_source):
        raise ApplicationError(f"A {checked.label} check is about a source.", field="source")
    if checked not in SOURCE_KINDS and (on_source or not on_claim):
        raise ApplicationError(f"A {checked.label} check is about a claim.", field="claim")
    return checked


def crosscheck_queue(
    *,
    kind: str,
    claim: Claim | None = None,
    source: Source | None = None,
    requested_by: User = None,
) -> CrossCheck:
    """Record a check and queue it once the surrounding transaction commits.

    A check of the same kind on the same subject that is still queued or running is returned
    instead of a second one: asking twice does the work once.
    """
    checked = _check_subject(kind, on_claim=claim is not None, on_source=source is not None)
    try:
        with recording():
            check = CrossCheck.objects.create(
                kind=checked,
                claim=claim,
                source=source,
                requested_by=user_or_none(requested_by),
                max_attempts=settings.FACTCHECK_CROSSCHECK_MAX_ATTEMPTS,
                # Optimistic: a failed dispatch clears it, so the sweeper sends it at once.
                dispatched_at=timezone.now(),
            )
            transaction.on_commit(partial(crosscheck_dispatch, crosscheck_ids=[check.pk]))
    except IntegrityError:
        # One is pending (a unique constraint says so); looked up only then, as it is rare.
        return CrossCheck.objects.get(kind=checked, claim=claim, source=source, status__in=PENDING)
    return check


def crosscheck_queue_many(
    *, kind: str, claims: Sequence[Claim], requested_by: User = None
) -> list[CrossCheck]:
    """Record checks of `kind` on many claims in one transaction, queued when it commits; a
    claim with such a check pending gets that one. One check per claim, in the claims' order."""
    checked = _check_subject(kind, on_claim=True, on_source=False)
    unique = list({claim.pk: claim for claim in claims}.values())
    with recording():
        pending = CrossCheck.objects.filter(kind=checked, claim__in=unique, status__in=PENDING)
        found = {check.claim_id: check for check in pending}
        now = timezone.now()
        try:
            with transaction.atomic():
                created = CrossCheck.objects.bulk_create(
                    CrossCheck(
                        kind=checked,
                        claim=claim,
                        requested_by=user_or_none(requested_by),
                        max_attempts=settings.FACTCHECK_CROSSCHECK_MAX_ATTEMPTS,
                        dispatched_at=now,
                    )
                    for claim in unique
                    if claim.pk not in found
                )
        except IntegrityError:  # another request queued some of them a moment ago
            return [crosscheck_queue(kind=kind, claim=c, requested_by=requested_by) for c in claims]
        if created:
            ids = [check.pk for check in created]
            transaction.on_commit(partial(crosscheck_dispatch, crosscheck_ids=ids))
    found.update({check.claim_id: check for check in created})
    return [found[claim.pk] for claim in claims]


def crosscheck_queue_article(
    *, article: Article, kind: str, requested_by: User = None
) -> list[CrossCheck]:
    """Queue a check of `kind` on every claim of the article, in reading order."""
    claims = list(article.claims.order_by("start", "id"))
    return crosscheck_queue_many(kind=kind, claims=claims, requested_by=requested_by)


def crosscheck_dispatch(*, crosscheck_ids: Sequence[int], countdown: float | None = None) -> int:
    """Hand recorded checks to the queue, FACTCHECK_CROSSCHECK_CHUNK_SIZE to a message: a
    message costs a worker more than a small check's own bookkeeping (bench/README.md). Returns
    how many were handed over. If the broker is down, the rest stay queued, marked as never
    dispatched, and the sweeper sends them when the broker is back."""
    from claims.tasks import run_crosschecks  # the task module imports this one

    ids = list(crosscheck_ids)
    size = settings.FACTCHECK_CROSSCHECK_CHUNK_SIZE
    for start in range(0, len(ids), size):
        try:
            run_crosschecks.apply_async((ids[start : start + size],), countdown=countdown)
        except Exception as exc:  # the broker's errors vary by transport; the row is the record
            # One refusal is enough: trying each remaining message would keep a request waiting.
            logger.warning("CrossChecks %s recorded but not queued: %r", ids[start:], exc)
            CrossCheck.objects.filter(pk__in=ids[start:], status=CrossCheckStatus.QUEUED).update(
                dispatched_at=None
            )
            return start
    return len(ids)


def _held(check: CrossCheck) -> QuerySet[CrossCheck]:
    """The check, if the attempt that `check` was loaded by still holds it."""
    return CrossCheck.objects.filter(
        pk=check.pk, status=CrossCheckStatus.RUNNING, attempts=check.attempts
    )


# A no-op check is nothing but its bookkeeping, and each statement a round trip: on PostgreSQL
# the take (compare-and-swap queued -> running, the attempt's record, the row the runner gets)
# is one statement, as is the success (the check and its attempt), each committed on its own.
# They return every column but the JSON `result`, read straight into a CrossCheck (a RawQuerySet
# costs more than the statement): a runner does not read the result, the success sets it.
_FIELDS = [f.attname for f in CrossCheck._meta.concrete_fields if f.name != "result"]
_COLUMNS = ", ".join(f.column for f in CrossCheck._meta.concrete_fields if f.name != "result")

_TAKE = f"""
WITH taken AS (
    UPDATE claims_crosscheck
    SET status = %(running)s, attempts = attempts + 1, started_at = COALESCE(started_at, %(now)s),
        heartbeat_at = %(now)s, next_attempt_at = NULL, progress_done = 0, progress_total = 0
    WHERE id = %(id)s AND status = %(queued)s AND attempts < max_attempts
        AND (next_attempt_at IS NULL OR next_attempt_at <= %(now)s)
    RETURNING *
), attempt AS (
    INSERT INTO claims_crosscheckattempt (crosscheck_id, number, worker, started_at, outcome, error)
    SELECT id, attempts, %(worker)s, %(now)s, %(running)s, '' FROM taken
)
SELECT {_COLUMNS} FROM taken
"""  # noqa: S608 (the model's own column names)

_SUCCEED = f"""
WITH done AS (
    UPDATE claims_crosscheck
    SET status = %(succeeded)s, result = %(result)s::jsonb, error = '',
        progress_done = %(total)s, progress_total = %(total)s, finished_at = %(now)s
    WHERE id = %(id)s AND status = %(running)s AND attempts = %(number)s
    RETURNING *
), attempt AS (
    UPDATE claims_crosscheckattempt SET outcome = %(succeeded)s, error = '', finished_at = %(now)s
    WHERE crosscheck_id IN (SELECT id FROM done) AND number = %(number)s
)
SELECT {_COLUMNS} FROM done
"""  # noqa: S608 (the model's own column names)


def _one(sql: str, params: dict[str, Any]) -> CrossCheck | None:
    statuses = {"queued": CrossCheckStatus.QUEUED, "running": CrossCheckStatus.RUNNING}
    with connection.cursor() as cursor:
        cursor.execute(sql, {**statuses, "succeeded": CrossCheckStatus.SUCCEEDED, **params})
        row = cursor.fetchone()
    return None if row is None else CrossCheck.from_db(connection.alias, _FIELDS, row)


def _take(*, crosscheck_id: int, worker: str) -> CrossCheck | None:
    """The queued check, now running under a new attempt; None if it was not there to take."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        return _one(_TAKE, {"id": crosscheck_id, "now": now, "worker": worker})
    with transaction.atomic():
        taken = (
            CrossCheck.objects.filter(
                pk=crosscheck_id, status=CrossCheckStatus.QUEUED, attempts__lt=F("max_attempts")
            )
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .update(
                status=CrossCheckStatus.RUNNING,
                attempts=F("attempts") + 1,
                started_at=Coalesce(F("started_at"), Value(now, output_field=DateTimeField())),
                heartbeat_at=now,
                next_attempt_at=None,
                progress_done=0,
                progress_total=0,
            )
        )
        if not taken:
            return None
        check = CrossCheck.objects.get(pk=crosscheck_id)
        CrossCheckAttempt.objects.create(
            crosscheck=check, number=check.attempts, worker=worker, started_at=now
        )
    return check


def _mark_succeeded(check: CrossCheck, result: dict[str, Any], steps: int) -> CrossCheck | None:
    """The check and its attempt succeeded after `steps` steps of progress; None if the attempt
    no longer holds the check."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        params = {"id": check.pk, "number": check.attempts, "now": now, "total": steps}
        succeeded = _one(_SUCCEED, {**params, "result": json.dumps(result)})
        if succeeded is not None:
            succeeded.result = result
        return succeeded
    with transaction.atomic():
        held = _held(check).update(
            status=CrossCheckStatus.SUCCEEDED,
            result=result,
            error="",
            progress_done=steps,
            progress_total=steps,
            finished_at=now,
        )
        if not held:
            return None
        _end_attempt(check, AttemptOutcome.SUCCEEDED)
    return CrossCheck.objects.get(pk=check.pk)


def _end_attempt(check: CrossCheck, outcome: AttemptOutcome, error: str = "") -> None:
    CrossCheckAttempt.objects.filter(crosscheck_id=check.pk, number=check.attempts).update(
        outcome=outcome, error=error, finished_at=timezone.now()
    )


def crosscheck_run(*, crosscheck_id: int, worker: str = "") -> CrossCheck | None:
    """Run one attempt of a queued check; returns None when it was not this call's to run."""
    check = _take(crosscheck_id=crosscheck_id, worker=worker)
    if check is None:
        return None
    try:
        progress = Progress(check)
        finding = RUNNERS[CrossCheckKind(check.kind)](check=check, progress=progress)
        return _succeed(check, finding, progress.total)
    except CrossCheckStopped:
        _end_attempt(
            check, AttemptOutcome.CANCELLED, "Stopped: the check was cancelled or taken over."
        )
    except Exception as exc:
        _attempt_failed(check, exc)
    check.refresh_from_db()
    return check


def crosscheck_run_each(*, crosscheck_ids: Sequence[int], worker: str = "") -> None:
    """Run the checks of one message one after another. Past FACTCHECK_CROSSCHECK_CHUNK_SECONDS
    the rest go back to the queue as a new message, so that a message of slow checks (pages to
    fetch) stays well within the task's time limits and shares the workers with other messages.
    """
    started = time.monotonic()
    for done, crosscheck_id in enumerate(crosscheck_ids):
        if done and time.monotonic() - started > settings.FACTCHECK_CROSSCHECK_CHUNK_SECONDS:
            rest = crosscheck_ids[done:]
            CrossCheck.objects.filter(pk__in=rest, status=CrossCheckStatus.QUEUED).update(
                dispatched_at=timezone.now()
            )
            crosscheck_dispatch(crosscheck_ids=rest)
            return
        crosscheck_run(crosscheck_id=crosscheck_id, worker=worker)


def _succeed(check: CrossCheck, finding: Finding, steps: int) -> CrossCheck:
    """Mark the check succeeded and make the finding's writes in one transaction, if still held;
    a finding with nothing to write needs no transaction."""
    with transaction.atomic() if finding.store else nullcontext():
        succeeded = _mark_succeeded(check, finding.result, steps)
        if succeeded is None:
            raise CrossCheckStopped(f"CrossCheck {check.pk} is no longer this attempt's.")
        if finding.store:
            finding.store()
    return succeeded


def _attempt_failed(check: CrossCheck, exc: Exception) -> None:
    """Retry a transient failure later, with backoff, while attempts remain; fail otherwise."""
    error = f"{type(exc).__name__}: {exc}"
    retry = is_transient(exc) and check.attempts < check.max_attempts
    logger.warning("CrossCheck %s attempt %s: %s", check.pk, check.attempts, error, exc_info=exc)
    now = timezone.now()
    with transaction.atomic():
        if retry:
            delay = retry_delay(attempt=check.attempts)
            due = now + timedelta(seconds=delay)
            held = _held(check).update(
                status=CrossCheckStatus.QUEUED, error=error, next_attempt_at=due, dispatched_at=due
            )
            if held:
                transaction.on_commit(
                    partial(crosscheck_dispatch, crosscheck_ids=[check.pk], countdown=delay)
                )
        else:
            if is_transient(exc):
                error = f"{error} (gave up after {check.attempts} attempts)"
            held = _held(check).update(status=CrossCheckStatus.FAILED, error=error, finished_at=now)
        outcome = AttemptOutcome.RETRY if retry else AttemptOutcome.FAILED
        _end_attempt(check, outcome if held else AttemptOutcome.CANCELLED, error)


def crosscheck_cancel(*, check: CrossCheck, by: User) -> CrossCheck:
    """Cancel a queued or running check; a running attempt stops at its next progress report and
    its result, if it finishes first, is not stored."""
    now = timezone.now()
    cancelled = CrossCheck.objects.filter(pk=check.pk, status__in=PENDING).update(
        status=CrossCheckStatus.CANCELLED,
        cancelled_by=user_or_none(by),
        cancelled_at=now,
        finished_at=now,
    )
    check.refresh_from_db()
    if not cancelled:
        raise ApplicationError(
            f"CrossCheck {check.pk} has already {check.status}; only queued or running checks "
            "can be cancelled.",
            field="status",
        )
    return check


@dataclass(frozen=True)
class SweepResult:
    requeued: int  # running checks whose worker was lost, queued again
    failed: int  # checks that used up their attempts
    dispatched: int  # queued checks handed to the broker


def crosscheck_sweep(
    *, stuck_after: timedelta | None = None, batch: int | None = None
) -> SweepResult:
    """Recover what the queue lost, a bounded batch per run."""
    stuck_after = stuck_after or timedelta(seconds=settings.FACTCHECK_CROSSCHECK_STUCK_SECONDS)
    batch = batch or settings.FACTCHECK_CROSSCHECK_SWEEP_BATCH
    now = timezone.now()
    cutoff = now - stuck_after
    requeued = failed = 0
    lost = CrossCheck.objects.filter(
        status=CrossCheckStatus.RUNNING, heartbeat_at__lt=cutoff
    ).values_list("pk", "attempts", "max_attempts", "heartbeat_at")
    for pk, attempts, max_attempts, heartbeat_at in lost[:batch]:
        error = f"Worker lost: no progress since {heartbeat_at:%Y-%m-%d %H:%M:%S} UTC."
        # Conditional on the heartbeat read: an attempt that reported meanwhile keeps its check.
        still_lost = CrossCheck.objects.filter(
            pk=pk, status=CrossCheckStatus.RUNNING, attempts=attempts, heartbeat_at=heartbeat_at
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
        .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=cutoff))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:batch]
    )
    CrossCheck.objects.filter(pk__in=due, status=CrossCheckStatus.QUEUED).update(dispatched_at=now)
    dispatched = crosscheck_dispatch(crosscheck_ids=due)
    return SweepResult(requeued=requeued, failed=failed, dispatched=dispatched)
