"""Webhook delivery figures for /metrics (factcheck/metrics.py), read from the database at each
scrape: two queries, whatever the data."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from api.models import WebhookDelivery, WebhookDeliveryAttempt


class WebhookDeliveryCollector:
    def describe(self) -> list[Metric]:
        return []  # nothing to read until a scrape asks

    def collect(self) -> Iterator[Metric]:
        deliveries = GaugeMetricFamily(
            "factcheck_webhook_deliveries",
            "Webhook deliveries recorded, by status.",
            labels=["status"],
        )
        counted = WebhookDelivery.objects.order_by().values_list("status").annotate(Count("id"))
        for status, count in counted:
            deliveries.add_metric([status], count)
        yield deliveries
        attempts = CounterMetricFamily(
            "factcheck_webhook_delivery_attempts",
            "Webhook delivery attempts by outcome; `lost` ones were taken back by the sweeper.",
            labels=["outcome"],
        )
        outcomes = (
            WebhookDeliveryAttempt.objects.order_by().values_list("outcome").annotate(Count("id"))
        )
        for outcome, count in outcomes:
            attempts.add_metric([outcome], count)
        yield attempts
