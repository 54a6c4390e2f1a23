"""CrossChecks are recorded before they are queued and run at most once in effect."""

from __future__ import annotations

import pytest

from claims.models import CrossCheck, CrossCheckKind, CrossCheckStatus, Role
from claims.services.crosschecks import crosscheck_queue, crosscheck_run
from sources.models import Grade
from tests.conftest import needs_redis
from tests.factories import AttributionFactory, ClaimFactory, CrossCheckFactory

pytestmark = pytest.mark.django_db


def test_a_check_is_recorded_but_not_queued_until_the_transaction_commits(
    django_capture_on_commit_callbacks,
) -> None:
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        check = crosscheck_queue(claim=claim, kind=CrossCheckKind.CORROBORATION)
        assert CrossCheck.objects.get(pk=check.pk).status == CrossCheckStatus.QUEUED
    assert len(callbacks) == 1


def test_a_queued_check_runs_on_commit_and_stores_its_result(
    django_capture_on_commit_callbacks,
) -> None:
    attribution = AttributionFactory(source__grade=Grade.A)
    with django_capture_on_commit_callbacks(execute=True):
        check = crosscheck_queue(claim=attribution.claim, kind=CrossCheckKind.CORROBORATION)
    check.refresh_from_db()
    assert check.status == CrossCheckStatus.SUCCEEDED
    assert check.attempts == 1
    assert check.started_at is not None and check.finished_at is not None
    assert attribution.source.name in " ".join(check.result["explanation"])


def test_corroboration_counts_a_relay_and_its_originator_as_one_voice() -> None:
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source__name="Kremlin aide")
    AttributionFactory(claim=claim, source__name="TASS", role=Role.RELAY)
    check = crosscheck_run(crosscheck_id=CrossCheckFactory(claim=claim).pk)
    assert check is not None
    assert len(check.result["contributions"]) == 1


def test_a_check_that_is_not_queued_is_not_run_again() -> None:
    check = CrossCheckFactory(status=CrossCheckStatus.SUCCEEDED, result={"done": 1})
    assert crosscheck_run(crosscheck_id=check.pk) is None
    check.refresh_from_db()
    assert (check.attempts, check.result) == (0, {"done": 1})


@needs_redis()
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_check_runs_through_a_real_worker_on_redis(celery_worker_on_redis) -> None:
    claim = AttributionFactory(source__grade=Grade.B).claim
    check = crosscheck_queue(claim=claim, kind=CrossCheckKind.CORROBORATION)
    check = celery_worker_on_redis.wait_for(check)
    assert check.status == CrossCheckStatus.SUCCEEDED
    assert check.attempts == 1
    assert check.result["contributions"]
