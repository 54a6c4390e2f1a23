"""Celery beat keeps ratings fresh: stale published claims are checked again, every source's
track record is recomputed, and the schedule names real tasks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from claims.models import ClaimStatus, CrossCheck, CrossCheckKind
from claims.services.scheduled import (
    crosscheck_queue_stale,
    crosscheck_queue_track_records,
    stale_claims,
)
from factcheck.celery import app
from tests.factories import AttributionFactory, ClaimFactory, CrossCheckFactory, SourceFactory

pytestmark = pytest.mark.django_db

CORROBORATION = CrossCheckKind.CORROBORATION


def checked_days_ago(claim, days: int, kind: str = CORROBORATION) -> None:
    check = CrossCheckFactory(claim=claim, kind=kind, status="succeeded")
    CrossCheck.objects.filter(pk=check.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_stale_claims_are_published_ones_never_or_long_ago_checked_the_oldest_first() -> None:
    never = ClaimFactory(status=ClaimStatus.PUBLISHED)
    long_ago = ClaimFactory(status=ClaimStatus.PUBLISHED)
    checked_days_ago(long_ago, 30)
    older = ClaimFactory(status=ClaimStatus.PUBLISHED)
    checked_days_ago(older, 60)
    recent = ClaimFactory(status=ClaimStatus.PUBLISHED)
    checked_days_ago(recent, 1)
    checked_days_ago(recent, 60, kind=CrossCheckKind.APPEARANCE)  # another kind: not this one's
    checked_days_ago(ClaimFactory(status=ClaimStatus.RATED), 30)  # not published
    found = stale_claims(kind=CORROBORATION, older_than=timedelta(days=7), limit=10)
    assert found == [never, older, long_ago]
    assert stale_claims(kind=CORROBORATION, older_than=timedelta(days=7), limit=2) == [
        never,
        older,
    ]


def test_queueing_stale_checks_twice_queues_each_once(settings) -> None:
    settings.FACTCHECK_STALE_KINDS = [CORROBORATION, CrossCheckKind.APPEARANCE]
    claims = [ClaimFactory(status=ClaimStatus.PUBLISHED) for _ in range(3)]
    first = crosscheck_queue_stale()
    assert {(c.claim, c.kind) for c in first} == {
        (claim, kind) for claim in claims for kind in settings.FACTCHECK_STALE_KINDS
    }
    assert crosscheck_queue_stale() == []  # all were just checked
    assert CrossCheck.objects.count() == 6


def test_track_records_are_queued_for_every_source_with_claims() -> None:
    attributed = AttributionFactory().source
    SourceFactory()  # nothing attributed to it: nothing to learn
    queued = crosscheck_queue_track_records()
    assert [(c.source, c.kind) for c in queued] == [(attributed, CrossCheckKind.TRACK_RECORD)]


def test_every_scheduled_task_exists() -> None:
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
