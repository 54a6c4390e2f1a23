"""Running CrossChecks: an attempt takes a queued check (compare-and-swap), runs its kind's
runner, and stores the finding while it still holds the check; a transient failure is retried
later with backoff, any other fails the check.

An attempt holds its check while the row is running under the attempt's number; it reports
progress (its heartbeat) and makes its writes only while it holds it.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Sequence
from contextlib import nullcontext
from datetime import timedelta
from functools import partial
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, connection, transaction
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import DateTimeField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from claims.models import (
    AttemptOutcome,
    CrossCheck,
    CrossCheckAttempt,
    CrossCheckKind,
    CrossCheckStatus,
    held,
)
from claims.services.appearances import appearance_check
from claims.services.corroboration import corroboration_refresh
from claims.services.crosscheck_dispatch import crosscheck_dispatch
from claims.services.heartbeat import Heartbeat
from claims.services.progress import CrossCheckStopped, Finding, Progress, Runner
from claims.services.related import related_claims_check
from claims.services.track_record import track_record_check
from factcheck.fetch import FetchError

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


def _held(check: CrossCheck) -> QuerySet[CrossCheck]:
    """The check, if the attempt that `check` was loaded by still holds it."""
    return CrossCheck.objects.filter(held(pk=check.pk, attempt=check.attempts))


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
        with Heartbeat(check):
            finding = RUNNERS[CrossCheckKind(check.kind)](check=check, progress=progress)
        return _succeed(check, finding, progress.total)
    except CrossCheckStopped:
        _end_attempt(
            check, AttemptOutcome.CANCELLED, "Stopped: the check was cancelled or taken over."
        )
    except Exception as exc:
        if isinstance(exc, DatabaseOperationalError | InterfaceError):
            _drop_connection()  # dead (a restart): record the failure on a new one
        _attempt_failed(check, exc)
    check.refresh_from_db()
    return check


def _drop_connection() -> None:
    """Close the database connection, unless a caller's transaction is open on it."""
    if not connection.in_atomic_block:
        connection.close()


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
