"""Running CrossChecks: an attempt takes a queued check (compare-and-swap), runs its kind's
runner, and stores the finding while it still holds the check; a transient failure is retried
later with backoff, any other fails the check.

An attempt holds its check while the row is running under the attempt's number; it reports
progress (its heartbeat) and makes its writes only while it holds it.
"""

from __future__ import annotations

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
from django.db.models.sql import UpdateQuery
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


def _take(*, crosscheck_id: int, worker: str) -> CrossCheck | None:
    """The queued check, now running under a new attempt; None if it was not there to take."""
    now = timezone.now()
    return _change(
        pk=crosscheck_id,
        when=Q(status=CrossCheckStatus.QUEUED, attempts__lt=F("max_attempts"))
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)),
        values={
            "status": CrossCheckStatus.RUNNING,
            "attempts": F("attempts") + 1,
            "started_at": Coalesce(F("started_at"), Value(now, output_field=DateTimeField())),
            "heartbeat_at": now,
            "next_attempt_at": None,
            "progress_done": 0,
            "progress_total": 0,
        },
        attempt=(_ATTEMPT_STARTS, [worker, now, AttemptOutcome.RUNNING]),
    )


def _mark_succeeded(check: CrossCheck, result: dict[str, Any], steps: int) -> CrossCheck | None:
    """The check and its attempt succeeded after `steps` steps of progress; None if the attempt
    no longer holds the check."""
    now = timezone.now()
    succeeded = _change(
        pk=check.pk,
        when=held(pk=check.pk, attempt=check.attempts),
        values={
            "status": CrossCheckStatus.SUCCEEDED,
            "result": result,
            "error": "",
            "progress_done": steps,
            "progress_total": steps,
            "finished_at": now,
        },
        attempt=(_ATTEMPT_ENDS, [AttemptOutcome.SUCCEEDED, "", now]),
    )
    if succeeded is not None:
        succeeded.result = result
    return succeeded


# The attempt's record, written with the change of the check that starts or ends it; each
# statement reads the changed check as `changed` (its id and attempt number).
_ATTEMPT_STARTS = """
INSERT INTO claims_crosscheckattempt (crosscheck_id, number, worker, started_at, outcome, error)
SELECT id, attempts, %s, %s, %s, '' FROM changed
"""
_ATTEMPT_ENDS = """
UPDATE claims_crosscheckattempt SET outcome = %s, error = %s, finished_at = %s
WHERE (crosscheck_id, number) IN (SELECT id, attempts FROM changed)
"""
# Every column but the JSON `result`, read straight into a CrossCheck (a RawQuerySet costs more
# than the statement): a runner does not read the result, the success sets it.
_FIELDS = [f.attname for f in CrossCheck._meta.concrete_fields if f.name != "result"]
_COLUMNS = ", ".join(f.column for f in CrossCheck._meta.concrete_fields if f.name != "result")


def _change(
    *, pk: int, when: Q, values: dict[str, Any], attempt: tuple[str, Sequence[Any]]
) -> CrossCheck | None:
    """Update check `pk` with `values` if it meets `when` (a compare-and-swap) and, if it did,
    write its attempt's record (`attempt`: a statement reading the changed check as `changed`,
    and its parameters), as one; returns the changed check, or None.

    A no-op check is nothing but its bookkeeping, and each statement a round trip: on PostgreSQL
    the two are one statement, committed on its own (bench/README.md); SQLite, which has no
    update in a WITH, runs them in a transaction. The update is the same ORM update on both.
    """
    condition = Q(when, pk=pk)
    record, record_params = attempt
    if connection.vendor != "postgresql":
        with transaction.atomic():
            if not CrossCheck.objects.filter(condition).update(**values):
                return None
            changed, params = "SELECT id, attempts FROM claims_crosscheck WHERE id = %s", [pk]
            with connection.cursor() as cursor:
                cursor.execute(f"WITH changed AS ({changed}) {record}", [*params, *record_params])
        return CrossCheck.objects.get(pk=pk)
    query = UpdateQuery(CrossCheck)
    query.add_q(condition)
    query.add_update_values(values)
    update, params = query.get_compiler(connection=connection).as_sql()
    statement = (
        f"WITH changed AS ({update} RETURNING {_COLUMNS}), attempt AS ({record}) "  # noqa: S608
        "SELECT * FROM changed"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *record_params])
        row = cursor.fetchone()
    return None if row is None else CrossCheck.from_db(connection.alias, _FIELDS, row)


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
