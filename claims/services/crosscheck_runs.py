"""Running CrossChecks: an attempt takes a queued check (compare-and-swap), runs its kind's
runner, and stores the finding while it still holds the check; a transient failure is retried
later with backoff, any other fails the check.

An attempt holds its check while the row is running under the attempt's number; it reports
progress (its heartbeat) and makes its writes only while it holds it.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
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
from claims.services.heartbeat import Heartbeat
from claims.services.progress import CrossCheckStopped, Finding, Progress, Runner
from claims.services.related import related_claims_check
from claims.services.track_record import track_record_check
from factcheck.backoff import backoff_seconds
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
    """Seconds before retrying after failed attempt `attempt`: checks that failed together (the
    same site down) spread out."""
    return backoff_seconds(
        attempt=attempt,
        base=settings.FACTCHECK_CROSSCHECK_RETRY_BASE_SECONDS,
        ceiling=settings.FACTCHECK_CROSSCHECK_RETRY_MAX_SECONDS,
    )


def _held(check: CrossCheck) -> QuerySet[CrossCheck]:
    """The check, if the attempt that `check` was loaded by still holds it."""
    return CrossCheck.objects.filter(held(pk=check.pk, attempt=check.attempts))


def _take(*, crosscheck_id: int, worker: str) -> CrossCheck | None:
    """The queued check, now running under a new attempt; None if it was not there to take."""
    now = timezone.now()
    return _TAKE.run(pk=crosscheck_id, now=now, record_params=[worker, now, AttemptOutcome.RUNNING])


def _mark_succeeded(check: CrossCheck, result: dict[str, Any], steps: int) -> CrossCheck | None:
    """The check and its attempt succeeded after `steps` steps of progress; None if the attempt
    no longer holds the check."""
    now = timezone.now()
    succeeded = _SUCCEED.run(
        pk=check.pk,
        attempt=check.attempts,
        result=result,
        steps=steps,
        now=now,
        record_params=[AttemptOutcome.SUCCEEDED, "", now],
    )
    if succeeded is not None:
        succeeded.result = result
    return succeeded


Rule = Callable[..., tuple[Q, dict[str, Any]]]


def _take_rule(*, pk: int, now: datetime) -> tuple[Q, dict[str, Any]]:
    """Queued, with attempts left and due: now running under the next attempt."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    queued = Q(pk=pk, status=CrossCheckStatus.QUEUED, attempts__lt=F("max_attempts"))
    return queued & due, {
        "status": CrossCheckStatus.RUNNING,
        "attempts": F("attempts") + 1,
        "started_at": Coalesce(F("started_at"), Value(now, output_field=DateTimeField())),
        "heartbeat_at": now,
        "next_attempt_at": None,
        "progress_done": 0,
        "progress_total": 0,
    }


def _success_rule(
    *, pk: int, attempt: int, result: dict[str, Any], steps: int, now: datetime
) -> tuple[Q, dict[str, Any]]:
    """Still held by the attempt: succeeded, with its result."""
    return held(pk=pk, attempt=attempt), {
        "status": CrossCheckStatus.SUCCEEDED,
        "result": result,
        "error": "",
        "progress_done": steps,
        "progress_total": steps,
        "finished_at": now,
    }


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


class _Change:
    """A compare-and-swap of one check (`rule`: its condition and new values, from the run's
    values) and, if it changed the check, its attempt's record (`record`: a statement reading the
    changed check as `changed`), as one.

    A no-op check is nothing but its bookkeeping, and each statement a round trip: on PostgreSQL
    the two are one statement, committed on its own (bench/README.md). Its update is the rule's,
    compiled by the ORM once per thread and connection (compiling costs more than running it)
    with `stand_ins` for the values, which each run puts back in their places. SQLite has no
    update in a WITH: it runs the rule's update and the record in a transaction.
    """

    def __init__(self, rule: Rule, *, record: str, **stand_ins: Any) -> None:
        self._rule = rule
        self._record = record
        self._stand_ins = stand_ins
        self._local = threading.local()

    def run(self, *, record_params: Sequence[Any], **values: Any) -> CrossCheck | None:
        """The changed check, or None if it did not meet the rule's condition."""
        if connection.vendor != "postgresql":
            return self._run_in_steps(record_params, values)
        sql, params, slots = self._compiled()
        filled = list(params)
        for position, name in slots:
            filled[position] = _in_place_of(params[position], values[name])
        with connection.cursor() as cursor:
            cursor.execute(sql, [*filled, *record_params])
            row = cursor.fetchone()
        return None if row is None else CrossCheck.from_db(connection.alias, _FIELDS, row)

    def _run_in_steps(
        self, record_params: Sequence[Any], values: dict[str, Any]
    ) -> CrossCheck | None:
        when, changes = self._rule(**values)
        changed = "SELECT id, attempts FROM claims_crosscheck WHERE id = %s"
        with transaction.atomic():
            if not CrossCheck.objects.filter(when).update(**changes):
                return None
            with connection.cursor() as cursor:
                cursor.execute(
                    f"WITH changed AS ({changed}) {self._record}", [values["pk"], *record_params]
                )
        return CrossCheck.objects.get(pk=values["pk"])

    def _compiled(self) -> tuple[str, tuple[Any, ...], list[tuple[int, str]]]:
        compiled = getattr(self._local, "compiled", None)
        if compiled is None or compiled[0] is not connection:
            when, changes = self._rule(**self._stand_ins)
            query = UpdateQuery(CrossCheck)
            query.add_q(when)
            query.add_update_values(changes)
            update, params = query.get_compiler(connection=connection).as_sql()
            slots = [
                (position, name)
                for position, param in enumerate(params)
                for name, stand_in in self._stand_ins.items()
                if getattr(param, "obj", param) == stand_in
            ]
            if {name for _, name in slots} != set(self._stand_ins):
                raise ValueError(f"A stand-in is missing from the update's parameters: {slots}")
            sql = (
                f"WITH changed AS ({update} RETURNING {_COLUMNS}), "  # noqa: S608 (the model's)
                f"attempt AS ({self._record}) SELECT * FROM changed"
            )
            compiled = self._local.compiled = (connection, sql, tuple(params), slots)
        return compiled[1], compiled[2], compiled[3]


def _in_place_of(stand_in: Any, value: Any) -> Any:
    """`value` for the database driver, as its stand-in was given to it: in the same wrapper
    (psycopg's Int2 and Int4 for small columns, Jsonb for JSON), if any."""
    if hasattr(stand_in, "obj"):
        wrapped = copy.copy(stand_in)
        wrapped.obj = value
        return wrapped
    return type(stand_in)(value) if isinstance(stand_in, int) else value


# Stand-ins no real value equals, each within its field's range (a lookup beyond it matches
# nothing, and compiles to nothing).
_PK, _ATTEMPT, _STEPS = 2_000_000_001, 32_001, 2_000_000_003
_NOW = datetime(2000, 1, 1, tzinfo=UTC)
_TAKE = _Change(_take_rule, record=_ATTEMPT_STARTS, pk=_PK, now=_NOW)
_SUCCEED = _Change(
    _success_rule,
    record=_ATTEMPT_ENDS,
    pk=_PK,
    attempt=_ATTEMPT,
    result={"stand-in": True},
    steps=_STEPS,
    now=_NOW,
)


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
