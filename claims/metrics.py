"""CrossCheck figures for /metrics (factcheck/metrics.py), read from the database at each
scrape: three queries, whatever the data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from claims.models import PENDING, CrossCheck, CrossCheckAttempt, CrossCheckStatus


class CrossCheckCollector:
    def describe(self) -> list[Metric]:
        return []  # nothing to read until a scrape asks

    def collect(self) -> Iterator[Metric]:
        checks = GaugeMetricFamily(
            "factcheck_crosschecks",
            "CrossChecks recorded, by kind and status (a finished one's status is its outcome).",
            labels=["kind", "status"],
        )
        counted = CrossCheck.objects.order_by().values_list("kind", "status").annotate(Count("id"))
        for kind, status, count in counted:
            checks.add_metric([kind, status], count)
        yield checks

        now = timezone.now()
        stuck = now - timedelta(seconds=settings.FACTCHECK_CROSSCHECK_STUCK_SECONDS)
        lost = now - timedelta(seconds=settings.FACTCHECK_REDISPATCH_SECONDS)
        queued = Q(status=CrossCheckStatus.QUEUED)
        due = queued & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        queue = CrossCheck.objects.filter(status__in=PENDING).aggregate(
            queued=Count("id", filter=queued),
            running=Count("id", filter=Q(status=CrossCheckStatus.RUNNING)),
            # What the sweeper will send again (never dispatched, or lost by the broker) ...
            overdue=Count(
                "id", filter=due & (Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=lost))
            ),
            # ... and take back (its worker stopped beating).
            stuck=Count("id", filter=Q(status=CrossCheckStatus.RUNNING, heartbeat_at__lt=stuck)),
            oldest=Min("created_at", filter=due),
        )
        depth = GaugeMetricFamily(
            "factcheck_crosscheck_queue",
            "CrossChecks waiting (queued), running, overdue (the sweeper will send them again) "
            "and stuck (running with a silent heartbeat: the sweeper will take them back).",
            labels=["state"],
        )
        for state in ("queued", "running", "overdue", "stuck"):
            depth.add_metric([state], queue[state])
        yield depth
        oldest = queue["oldest"]
        yield GaugeMetricFamily(
            "factcheck_crosscheck_oldest_due_seconds",
            "Age of the oldest queued CrossCheck whose turn has come (0: none).",
            value=(now - oldest).total_seconds() if oldest else 0.0,
        )

        attempts = CounterMetricFamily(
            "factcheck_crosscheck_attempts",
            "CrossCheck attempts by outcome; `lost` ones were taken back by the sweeper.",
            labels=["outcome"],
        )
        outcomes = CrossCheckAttempt.objects.order_by().values_list("outcome").annotate(Count("id"))
        for outcome, count in outcomes:
            attempts.add_metric([outcome], count)
        yield attempts
