"""/metrics: Prometheus text, behind a bearer token, with the state of the work read from the
database in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from api.models import (
    DeliveryAttemptOutcome,
    DeliveryStatus,
    Webhook,
    WebhookDelivery,
    WebhookDeliveryAttempt,
)
from claims.models import AttemptOutcome, CrossCheck, CrossCheckKind, CrossCheckStatus
from tests.factories import CrossCheckAttemptFactory, CrossCheckFactory

pytestmark = pytest.mark.django_db

TOKEN = "a-scrapers-token-of-some-length"
SCRAPER = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


def scrape(client: Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", **SCRAPER)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_metrics_are_off_until_a_token_is_set(client: Client) -> None:
    assert client.get("/metrics", **SCRAPER).status_code == 404


@override_settings(FACTCHECK_METRICS_TOKEN=TOKEN)
@pytest.mark.parametrize("authorization", [None, "Bearer wrong", TOKEN, f"Basic {TOKEN}"])
def test_metrics_refuse_a_scraper_without_the_token(client: Client, authorization) -> None:
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    response = client.get("/metrics", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@override_settings(FACTCHECK_METRICS_TOKEN=TOKEN)
def test_requests_and_their_latency_are_counted_by_view(client: Client) -> None:
    before = scrape(client)
    key = (
        "django_http_requests_total_by_view_transport_method_total",
        (("method", "GET"), ("transport", "http"), ("view", "healthz")),
    )
    client.get("/healthz")
    after = scrape(client)
    assert after[key] == before.get(key, 0) + 1
    assert any(
        name == "django_http_requests_latency_seconds_by_view_method_count"
        and dict(labels).get("view") == "healthz"
        for name, labels in after
    )


@override_settings(FACTCHECK_METRICS_TOKEN=TOKEN)
def test_crosschecks_are_counted_by_kind_and_status_with_the_queue_depth(client: Client) -> None:
    long_ago = timezone.now() - timedelta(hours=1)
    CrossCheckFactory.create_batch(
        2, kind=CrossCheckKind.CORROBORATION, dispatched_at=timezone.now()
    )  # queued just now
    never_sent = CrossCheckFactory(kind=CrossCheckKind.APPEARANCE, dispatched_at=None)
    CrossCheck.objects.filter(pk=never_sent.pk).update(created_at=long_ago)
    stuck = CrossCheckFactory(
        kind=CrossCheckKind.APPEARANCE, status=CrossCheckStatus.RUNNING, heartbeat_at=long_ago
    )
    CrossCheckFactory(kind=CrossCheckKind.RELATED_CLAIMS, status=CrossCheckStatus.FAILED)
    CrossCheckAttemptFactory(crosscheck=stuck, number=1, outcome=AttemptOutcome.LOST)
    samples = scrape(client)
    checks = {
        labels: value
        for (name, labels), value in samples.items()
        if name == "factcheck_crosschecks"
    }
    assert checks == {
        (("kind", "corroboration"), ("status", "queued")): 2,
        (("kind", "appearance"), ("status", "queued")): 1,
        (("kind", "appearance"), ("status", "running")): 1,
        (("kind", "related_claims"), ("status", "failed")): 1,
    }
    queue = {
        dict(labels)["state"]: value
        for (name, labels), value in samples.items()
        if name == "factcheck_crosscheck_queue"
    }
    assert queue == {"queued": 3, "running": 1, "overdue": 1, "stuck": 1}
    assert samples[("factcheck_crosscheck_oldest_due_seconds", ())] >= 3600
    assert samples[("factcheck_crosscheck_attempts_total", (("outcome", "lost"),))] == 1


@override_settings(FACTCHECK_METRICS_TOKEN=TOKEN)
def test_webhook_deliveries_are_counted_by_status_and_attempts_by_outcome(client: Client) -> None:
    webhook = Webhook.objects.create(url="https://partner.example/hook", secret="s" * 20)
    for status in (DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED, DeliveryStatus.RETRY):
        delivery = WebhookDelivery.objects.create(
            webhook=webhook, event="ping", payload={}, status=status
        )
        WebhookDeliveryAttempt.objects.create(
            delivery=delivery,
            number=1,
            started_at=timezone.now(),
            outcome=DeliveryAttemptOutcome(status),
        )
    samples = scrape(client)
    assert samples[("factcheck_webhook_deliveries", (("status", "delivered"),))] == 2
    assert samples[("factcheck_webhook_deliveries", (("status", "retry"),))] == 1
    attempts = "factcheck_webhook_delivery_attempts_total"
    assert samples[(attempts, (("outcome", "delivered"),))] == 2
    assert samples[(attempts, (("outcome", "retry"),))] == 1


@override_settings(FACTCHECK_METRICS_TOKEN=TOKEN)
@pytest.mark.parametrize("size", [1, 20])
def test_a_scrape_reads_the_same_queries_whatever_the_data(
    client: Client, size: int, django_assert_num_queries
) -> None:
    for kind in (CrossCheckKind.CORROBORATION, CrossCheckKind.APPEARANCE):
        for check in CrossCheckFactory.create_batch(
            size, kind=kind, status=CrossCheckStatus.SUCCEEDED
        ):
            CrossCheckAttemptFactory(crosscheck=check, number=1)
    webhook = Webhook.objects.create(url="https://partner.example/hook", secret="s" * 20)
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(webhook=webhook, event="ping", payload={}) for _ in range(size)
    )
    # CrossChecks by kind and status, the queue's depth, CrossCheck attempts by outcome,
    # webhook deliveries by status, their attempts by outcome
    with django_assert_num_queries(5):
        client.get("/metrics", **SCRAPER)
