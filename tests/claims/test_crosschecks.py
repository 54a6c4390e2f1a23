"""CrossChecks are recorded before they are queued and run at most once in effect."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from claims.models import (
    AttemptOutcome,
    CrossCheck,
    CrossCheckAttempt,
    CrossCheckKind,
    CrossCheckStatus,
    Role,
)
from claims.services.crosscheck_queue import crosscheck_cancel, crosscheck_queue
from claims.services.crosscheck_runs import RUNNERS, crosscheck_run, retry_delay
from claims.services.crosscheck_sweep import crosscheck_sweep
from claims.services.progress import Finding, Progress
from factcheck.exceptions import ApplicationError
from factcheck.fetch import FetchError
from sources.models import Grade
from tests.conftest import needs_postgresql, needs_redis
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    CrossCheckFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CORROBORATION = CrossCheckKind.CORROBORATION


def no_op(*, check: CrossCheck, progress: Progress) -> Finding:
    return Finding({"done": True})


def failing_runner(exc: Exception):
    def run(*, check: CrossCheck, progress: Progress) -> Finding:
        raise exc

    return run


def test_a_check_is_recorded_but_not_queued_until_the_transaction_commits(
    django_capture_on_commit_callbacks,
) -> None:
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        check = crosscheck_queue(claim=claim, kind=CORROBORATION)
        assert CrossCheck.objects.get(pk=check.pk).status == CrossCheckStatus.QUEUED
    assert len(callbacks) == 1


def test_a_queued_check_runs_on_commit_and_stores_its_result_on_the_claim(
    django_capture_on_commit_callbacks,
) -> None:
    attribution = AttributionFactory(source__grade=Grade.A)
    with django_capture_on_commit_callbacks(execute=True):
        check = crosscheck_queue(claim=attribution.claim, kind=CORROBORATION)
    check.refresh_from_db()
    assert check.status == CrossCheckStatus.SUCCEEDED
    assert check.attempts == 1
    assert (check.progress_done, check.progress_total) == (1, 1)
    assert check.started_at is not None and check.finished_at is not None
    assert attribution.source.name in " ".join(check.result["explanation"])
    claim = check.claim
    claim.refresh_from_db()
    assert claim.probability == check.result["probability"]
    assert claim.suggested_credibility == check.result["credibility"]
    assert claim.corroboration["explanation"] == check.result["explanation"]
    assert claim.corroborated_at is not None
    assert list(check.attempt_log.values_list("number", "outcome")) == [
        (1, AttemptOutcome.SUCCEEDED)
    ]


def test_corroboration_counts_a_relay_and_its_originator_as_one_voice() -> None:
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source__name="Kremlin aide")
    AttributionFactory(claim=claim, source__name="TASS", role=Role.RELAY)
    check = crosscheck_run(crosscheck_id=CrossCheckFactory(claim=claim).pk)
    assert check is not None
    assert len(check.result["contributions"]) == 1


@needs_postgresql("counts PostgreSQL's statements")
def test_a_no_op_check_costs_two_statements_its_take_and_its_success(
    monkeypatch, django_assert_num_queries
) -> None:
    monkeypatch.setitem(RUNNERS, CORROBORATION, no_op)
    check = CrossCheckFactory()
    with django_assert_num_queries(2):
        done = crosscheck_run(crosscheck_id=check.pk, worker="one@host")
    assert done is not None
    assert (done.status, done.attempts, done.result) == (
        CrossCheckStatus.SUCCEEDED,
        1,
        {"done": True},
    )
    assert done.started_at is not None and done.finished_at is not None
    assert list(done.attempt_log.values_list("number", "worker", "outcome")) == [
        (1, "one@host", AttemptOutcome.SUCCEEDED)
    ]


@needs_postgresql("counts PostgreSQL's statements")
def test_a_quick_check_writes_no_progress_and_its_success_records_the_final_count(
    monkeypatch, django_assert_num_queries
) -> None:
    def three_quick_steps(*, check: CrossCheck, progress: Progress) -> Finding:
        progress.start(3)
        progress.step(3)
        return Finding({})

    monkeypatch.setitem(RUNNERS, CORROBORATION, three_quick_steps)
    check = CrossCheckFactory()
    with django_assert_num_queries(2):  # the take and the success, no progress report between
        done = crosscheck_run(crosscheck_id=check.pk)
    assert done is not None
    assert (done.status, done.progress_done, done.progress_total) == (
        CrossCheckStatus.SUCCEEDED,
        3,
        3,
    )


@pytest.mark.parametrize(("interval", "written"), [(0, (1, 2)), (60, (0, 0))])
def test_progress_is_written_at_most_once_an_interval(
    monkeypatch, settings, interval: float, written: tuple[int, int]
) -> None:
    settings.FACTCHECK_CROSSCHECK_PROGRESS_SECONDS = interval
    seen = []

    def two_steps(*, check: CrossCheck, progress: Progress) -> Finding:
        progress.start(2)
        progress.step()
        progress_of = CrossCheck.objects.values_list("progress_done", "progress_total")
        seen.append(progress_of.get(pk=check.pk))
        return Finding({})

    monkeypatch.setitem(RUNNERS, CORROBORATION, two_steps)
    crosscheck_run(crosscheck_id=CrossCheckFactory().pk)
    assert seen == [written]


@needs_postgresql("counts PostgreSQL's statements")
def test_a_duplicate_delivery_costs_one_statement(monkeypatch, django_assert_num_queries) -> None:
    monkeypatch.setitem(RUNNERS, CORROBORATION, no_op)
    check = crosscheck_run(crosscheck_id=CrossCheckFactory().pk)
    assert check is not None
    with django_assert_num_queries(1):
        assert crosscheck_run(crosscheck_id=check.pk) is None


def test_a_check_that_is_not_queued_is_not_run_again() -> None:
    check = CrossCheckFactory(status=CrossCheckStatus.SUCCEEDED, result={"done": 1})
    assert crosscheck_run(crosscheck_id=check.pk) is None
    check.refresh_from_db()
    assert (check.attempts, check.result) == (0, {"done": 1})


def test_asking_again_for_a_pending_check_returns_it_instead_of_a_second_one() -> None:
    claim = ClaimFactory()
    first = CrossCheckFactory(claim=claim, status=CrossCheckStatus.RUNNING)
    assert crosscheck_queue(claim=claim, kind=CORROBORATION) == first
    assert CrossCheck.objects.count() == 1


def test_an_unknown_kind_is_refused_in_one_line() -> None:
    with pytest.raises(ApplicationError, match="'gossip' is not a kind of CrossCheck"):
        crosscheck_queue(claim=ClaimFactory(), kind="gossip")
    assert not CrossCheck.objects.exists()


def test_a_track_record_check_is_about_a_source_not_a_claim() -> None:
    with pytest.raises(ApplicationError, match="is about a source"):
        crosscheck_queue(claim=ClaimFactory(), kind=CrossCheckKind.TRACK_RECORD)
    with pytest.raises(ApplicationError, match="is about a claim"):
        crosscheck_queue(source=SourceFactory(), kind=CORROBORATION)
    assert not CrossCheck.objects.exists()


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        FetchError("The server took too long to answer.", transient=True),
        ConnectionResetError("reset by peer"),
    ],
    ids=["database", "fetch", "network"],
)
def test_a_transient_failure_is_queued_again_after_a_backoff(monkeypatch, error) -> None:
    monkeypatch.setitem(RUNNERS, CORROBORATION, failing_runner(error))
    check = crosscheck_run(crosscheck_id=CrossCheckFactory().pk)
    assert check is not None
    assert check.status == CrossCheckStatus.QUEUED
    assert check.next_attempt_at is not None and check.next_attempt_at > timezone.now()
    assert str(error) in check.error
    assert crosscheck_run(crosscheck_id=check.pk) is None  # too early: a duplicate delivery
    attempt = check.attempt_log.get()
    assert (attempt.outcome, attempt.error) == (AttemptOutcome.RETRY, check.error)


def test_a_permanent_failure_is_not_retried(monkeypatch) -> None:
    monkeypatch.setitem(RUNNERS, CORROBORATION, failing_runner(FetchError("404: gone.")))
    check = crosscheck_run(crosscheck_id=CrossCheckFactory().pk)
    assert check is not None
    assert (check.status, check.attempts) == (CrossCheckStatus.FAILED, 1)
    assert check.error == "FetchError: 404: gone."
    assert check.attempt_log.get().outcome == AttemptOutcome.FAILED


def test_a_check_that_keeps_failing_fails_after_its_attempt_limit_with_every_attempt_recorded(
    monkeypatch,
) -> None:
    monkeypatch.setitem(RUNNERS, CORROBORATION, failing_runner(ConnectionRefusedError("down")))
    check = CrossCheckFactory(max_attempts=3)
    for _ in range(3):
        CrossCheck.objects.filter(pk=check.pk).update(next_attempt_at=None)
        crosscheck_run(crosscheck_id=check.pk)
    check.refresh_from_db()
    assert (check.status, check.attempts) == (CrossCheckStatus.FAILED, 3)
    assert check.error == "ConnectionRefusedError: down (gave up after 3 attempts)"
    assert list(check.attempt_log.values_list("outcome", flat=True)) == [
        AttemptOutcome.RETRY,
        AttemptOutcome.RETRY,
        AttemptOutcome.FAILED,
    ]


def test_retry_delays_grow_exponentially_with_jitter_up_to_a_cap(settings) -> None:
    settings.FACTCHECK_CROSSCHECK_RETRY_BASE_SECONDS = 2.0
    settings.FACTCHECK_CROSSCHECK_RETRY_MAX_SECONDS = 30.0
    for attempt, ceiling in [(1, 2.0), (2, 4.0), (3, 8.0), (6, 30.0)]:
        delays = {retry_delay(attempt=attempt) for _ in range(50)}
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(delays) > 1  # jitter: checks that failed together come back apart


def test_cancelling_a_queued_check_records_who_and_when_and_it_never_runs() -> None:
    editor = UserFactory()
    check = crosscheck_cancel(check=CrossCheckFactory(), by=editor)
    assert (check.status, check.cancelled_by) == (CrossCheckStatus.CANCELLED, editor)
    assert check.cancelled_at is not None
    assert crosscheck_run(crosscheck_id=check.pk) is None


def test_a_running_check_stops_at_its_next_progress_report_once_cancelled(
    monkeypatch, settings
) -> None:
    settings.FACTCHECK_CROSSCHECK_PROGRESS_SECONDS = 0  # every step is reported
    editor = UserFactory()
    steps: list[int] = []

    def cancelled_midway(*, check: CrossCheck, progress: Progress) -> Finding:
        progress.start(3)
        progress.step()
        steps.append(1)
        crosscheck_cancel(check=check, by=editor)
        progress.step()
        steps.append(2)
        return Finding({"never": "stored"})

    monkeypatch.setitem(RUNNERS, CORROBORATION, cancelled_midway)
    check = crosscheck_run(crosscheck_id=CrossCheckFactory().pk)
    assert check is not None
    assert steps == [1]
    assert (check.status, check.cancelled_by, check.result) == (
        CrossCheckStatus.CANCELLED,
        editor,
        None,
    )
    assert check.attempt_log.get().outcome == AttemptOutcome.CANCELLED


def test_a_finished_check_cannot_be_cancelled() -> None:
    check = CrossCheckFactory(status=CrossCheckStatus.SUCCEEDED)
    with pytest.raises(ApplicationError, match="has already succeeded"):
        crosscheck_cancel(check=check, by=None)


def test_the_sweeper_queues_again_a_running_check_whose_worker_stopped_beating() -> None:
    silent_since = timezone.now() - timedelta(hours=1)
    check = CrossCheckFactory(
        status=CrossCheckStatus.RUNNING, attempts=1, heartbeat_at=silent_since
    )
    CrossCheckAttempt.objects.create(crosscheck=check, number=1, started_at=silent_since)
    beating = CrossCheckFactory(
        status=CrossCheckStatus.RUNNING, attempts=1, heartbeat_at=timezone.now()
    )
    swept = crosscheck_sweep()
    assert (swept.requeued, swept.failed) == (1, 0)
    check.refresh_from_db()
    beating.refresh_from_db()
    assert (check.status, beating.status) == (CrossCheckStatus.SUCCEEDED, CrossCheckStatus.RUNNING)
    assert list(check.attempt_log.values_list("outcome", flat=True)) == [
        AttemptOutcome.LOST,
        AttemptOutcome.SUCCEEDED,
    ]


def test_the_sweeper_fails_a_lost_check_that_has_no_attempts_left() -> None:
    check = CrossCheckFactory(
        status=CrossCheckStatus.RUNNING,
        attempts=2,
        max_attempts=2,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    over_limit = CrossCheckFactory(attempts=3, max_attempts=3, error="ValueError: bad")
    assert crosscheck_sweep().failed == 2
    check.refresh_from_db()
    over_limit.refresh_from_db()
    assert check.status == over_limit.status == CrossCheckStatus.FAILED
    assert "Gave up after 2 attempts" in check.error
    assert over_limit.error == "ValueError: bad Gave up: no attempts left."


def test_the_sweeper_dispatches_checks_the_broker_never_got_and_leaves_recent_ones() -> None:
    never_sent = CrossCheckFactory(dispatched_at=None)
    just_sent = CrossCheckFactory(dispatched_at=timezone.now())
    waiting_for_retry = CrossCheckFactory(
        dispatched_at=None, next_attempt_at=timezone.now() + timedelta(minutes=1)
    )
    assert crosscheck_sweep().dispatched == 1
    statuses = dict(CrossCheck.objects.values_list("pk", "status"))
    assert statuses == {
        never_sent.pk: CrossCheckStatus.SUCCEEDED,  # tasks run eagerly in these tests
        just_sent.pk: CrossCheckStatus.QUEUED,
        waiting_for_retry.pk: CrossCheckStatus.QUEUED,
    }


@needs_redis()
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_check_runs_through_a_real_worker_on_redis(celery_worker_on_redis) -> None:
    claim = AttributionFactory(source__grade=Grade.B).claim
    check = crosscheck_queue(claim=claim, kind=CORROBORATION)
    check = celery_worker_on_redis.wait_for(check)
    assert check.status == CrossCheckStatus.SUCCEEDED
    assert check.attempts == 1
    assert check.result["contributions"]
