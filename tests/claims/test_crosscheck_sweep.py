"""The sweeper's defaults take back a check whose worker died within about a minute."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from claims.models import CrossCheckStatus
from claims.services.crosscheck_sweep import crosscheck_sweep
from tests.factories import CrossCheckFactory

pytestmark = pytest.mark.django_db


def test_by_default_a_killed_workers_check_is_taken_back_within_a_minute() -> None:
    beat = settings.CELERY_BEAT_SCHEDULE["sweep-crosschecks"]["schedule"]
    # Silent for STUCK seconds, then found at the next sweep at most one period later.
    assert settings.FACTCHECK_CROSSCHECK_STUCK_SECONDS + beat <= 60
    # A worker that is alive misses a few beats before it is presumed lost.
    assert settings.FACTCHECK_CROSSCHECK_HEARTBEAT_SECONDS * 4 <= (
        settings.FACTCHECK_CROSSCHECK_STUCK_SECONDS
    )


def test_the_sweeper_takes_back_a_check_silent_longer_than_stuck_seconds_only() -> None:
    stuck = timedelta(seconds=settings.FACTCHECK_CROSSCHECK_STUCK_SECONDS)
    now = timezone.now()
    lost = CrossCheckFactory(
        status=CrossCheckStatus.RUNNING, attempts=1, heartbeat_at=now - stuck - timedelta(seconds=1)
    )
    beating = CrossCheckFactory(
        status=CrossCheckStatus.RUNNING, attempts=1, heartbeat_at=now - stuck + timedelta(seconds=5)
    )
    assert crosscheck_sweep().requeued == 1
    lost.refresh_from_db()
    beating.refresh_from_db()
    assert lost.attempts == 2  # queued again and, in these eager tests, run at once
    assert (beating.status, beating.attempts) == (CrossCheckStatus.RUNNING, 1)


def test_a_queued_check_waiting_in_a_long_queue_is_not_sent_twice() -> None:
    now = timezone.now()
    waiting = CrossCheckFactory(dispatched_at=now - timedelta(seconds=100))
    lost = CrossCheckFactory(
        dispatched_at=now - timedelta(seconds=settings.FACTCHECK_REDISPATCH_SECONDS + 1)
    )
    assert crosscheck_sweep().dispatched == 1
    waiting.refresh_from_db()
    lost.refresh_from_db()
    assert (waiting.status, lost.status) == (CrossCheckStatus.QUEUED, CrossCheckStatus.SUCCEEDED)
