"""Webhooks: signed, delivered to a real local server, retried, every delivery recorded."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from api.concurrency import etag
from api.deliveries import DeliverySweep, webhook_deliver, webhook_sweep
from api.models import (
    OPEN_DELIVERIES,
    DeliveryAttemptOutcome,
    DeliveryStatus,
    Webhook,
    WebhookDelivery,
    WebhookDeliveryAttempt,
)
from api.services import webhook_create, webhook_ping
from api.tasks import deliver_webhook
from claims.models import ClaimStatus, Verdict
from claims.services.claims import claim_rate
from claims.services.publications import claim_publish
from tests.conftest import needs_redis
from tests.factories import AttributionFactory, ClaimFactory, UserFactory
from tests.pages import Page, Pages, serve_pages
from tests.processes import RedisServer, use_broker, wait_until

pytestmark = pytest.mark.django_db

SECRET = "a-partner-secret-of-some-length"


@pytest.fixture
def pages() -> Iterator[Pages]:
    with serve_pages() as served:
        served.routes["/hook"] = Page(b"ok")
        yield served


@pytest.fixture
def webhook(pages: Pages) -> Webhook:
    return webhook_create(url=pages.url("/hook"), secret=SECRET, created_by=None)


class Committing:
    """Wraps an API client so that what each request queues on commit runs when it returns, as
    after a real commit (the test's own transaction never commits)."""

    def __init__(self, client, capture) -> None:
        self.client, self.capture = client, capture

    def post(self, *args, **kwargs):
        with self.capture(execute=True):
            return self.client.post(*args, **kwargs)


@pytest.fixture
def reviewing(reviewer, django_capture_on_commit_callbacks) -> Committing:
    return Committing(reviewer, django_capture_on_commit_callbacks)


def _publish(client, claim, verdict: str = Verdict.FALSE):
    rated = client.post(
        f"/api/v1/claims/{claim.pk}/rate/",
        {"verdict": verdict, "rationale": "No such strike was recorded."},
        format="json",
        HTTP_IF_MATCH=etag(claim),
    )
    return client.post(
        f"/api/v1/claims/{claim.pk}/publish/", {}, format="json", HTTP_IF_MATCH=rated["ETag"]
    )


def _verify(headers: dict[str, str], body: bytes) -> dict:
    """What a partner does: recompute the signature over "<t>.<body>" with the shared secret."""
    fields = dict(part.split("=", 1) for part in headers["X-Factcheck-Signature"].split(","))
    expected = hmac.new(SECRET.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256)
    assert hmac.compare_digest(fields["v1"], expected.hexdigest())
    assert abs(int(fields["t"]) - time.time()) < 60
    return json.loads(body)


def test_publishing_a_verdict_posts_a_signed_claim_review(reviewing, webhook, pages) -> None:
    claim = AttributionFactory(source__name="TASS").claim
    assert _publish(reviewing, claim).status_code == 200
    [(method, path, headers, body)] = pages.requests
    assert (method, path) == ("POST", "/hook")
    payload = _verify(headers, body)
    assert payload["event"] == "fact_check.published"
    assert payload["claim"] == claim.pk
    assert payload["claim_review"]["reviewRating"]["alternateName"] == "False"
    assert payload["claim_review"]["itemReviewed"]["author"]["name"] == "TASS"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (
        DeliveryStatus.DELIVERED,
        1,
        200,
    )
    assert headers["X-Factcheck-Delivery"] == str(delivery.pk)


def test_a_failing_endpoint_is_retried_until_it_answers(reviewing, webhook, pages) -> None:
    answers = iter([Page(b"down", status=503), Page(b"down", status=502), Page(b"ok")])
    pages.routes["/hook"] = lambda: next(answers)
    _publish(reviewing, ClaimFactory())
    delivery = WebhookDelivery.objects.get()
    assert len(pages.requests) == 3
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)


@override_settings(FACTCHECK_WEBHOOK_MAX_ATTEMPTS=2)
def test_a_delivery_is_given_up_after_its_attempts(reviewing, webhook, pages) -> None:
    pages.routes["/hook"] = Page(b"down", status=500)
    _publish(reviewing, ClaimFactory())
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.error) == (
        DeliveryStatus.FAILED,
        2,
        "HTTP 500",
    )


def test_an_endpoint_that_refuses_is_not_retried(reviewing, webhook, pages) -> None:
    pages.routes["/hook"] = Page(b"gone", status=410)
    _publish(reviewing, ClaimFactory())
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, len(pages.requests)) == (
        DeliveryStatus.FAILED,
        1,
        1,
    )


def test_a_re_rating_is_told_when_published_again_and_a_retraction_when_made(
    reviewing, webhook, pages
) -> None:
    claim = ClaimFactory()
    published = _publish(reviewing, claim)
    rerated = reviewing.post(
        f"/api/v1/claims/{claim.pk}/rate/",
        {"verdict": "mostly_false", "rationale": "One strike was confirmed."},
        format="json",
        HTTP_IF_MATCH=published["ETag"],
    )
    # A re-rating is a draft: partners hear nothing until a reviewer publishes it.
    assert len(pages.requests) == 1
    republished = reviewing.post(
        f"/api/v1/claims/{claim.pk}/publish/", {}, format="json", HTTP_IF_MATCH=rerated["ETag"]
    )
    reviewing.post(
        f"/api/v1/claims/{claim.pk}/retract/",
        {"reason": "Wrong city."},
        format="json",
        HTTP_IF_MATCH=republished["ETag"],
    )
    payloads = [json.loads(body) for _, _, _, body in pages.requests]
    assert [(p["event"], p["revision"], p["status"]) for p in payloads] == [
        ("fact_check.published", 1, "published"),
        ("fact_check.updated", 2, "published"),
        ("fact_check.retracted", 3, "retracted"),
    ]
    assert payloads[1]["claim_review"]["reviewRating"]["alternateName"] == "Mostly false"
    assert (payloads[2]["claim_review"], payloads[2]["reason"]) == (None, "Wrong city.")


def test_rating_an_unpublished_claim_tells_nobody(reviewing, webhook, pages) -> None:
    claim = ClaimFactory()
    reviewing.post(
        f"/api/v1/claims/{claim.pk}/rate/",
        {"verdict": "true", "rationale": "Confirmed."},
        format="json",
        HTTP_IF_MATCH=etag(claim),
    )
    assert not WebhookDelivery.objects.exists()
    assert pages.requests == []


@override_settings(FETCH_ALLOWED_NETWORKS=[])
@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/hook", "http://10.1.2.3/hook", "http://[::1]/hook"]
)
def test_endpoints_on_private_addresses_are_refused(admin, url: str) -> None:
    response = admin.post("/api/v1/webhooks/", {"url": url, "secret": SECRET}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["url"]
    assert not Webhook.objects.exists()


def test_the_admin_sees_each_delivery_of_a_webhook(admin, reviewing, webhook) -> None:
    _publish(reviewing, ClaimFactory())
    response = admin.get(f"/api/v1/webhooks/{webhook.pk}/deliveries/")
    [delivery] = response.json()["results"]
    assert (delivery["event"], delivery["status"]) == ("fact_check.published", "delivered")


@needs_redis()
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_delivery_goes_through_a_real_worker_on_redis(celery_worker_on_redis, pages) -> None:
    from tests.api.conftest import client_for

    webhook_create(url=pages.url("/hook"), secret=SECRET, created_by=None)
    claim = ClaimFactory(status=ClaimStatus.RATED, verdict=Verdict.TRUE)
    response = client_for("reviewer").post(
        f"/api/v1/claims/{claim.pk}/publish/", {}, format="json", HTTP_IF_MATCH=etag(claim)
    )
    assert response.status_code == 200
    deadline = time.monotonic() + 30
    # Pending, then sending while the worker posts it: wait until it is finished either way.
    while WebhookDelivery.objects.get().status in OPEN_DELIVERIES:
        assert time.monotonic() < deadline, "the delivery was not made within 30 s"
        time.sleep(0.05)
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED
    _verify(pages.requests[0][2], pages.requests[0][3])


def test_a_verdict_published_outside_the_api_is_told_too(
    webhook, pages, django_capture_on_commit_callbacks
) -> None:
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        claim_rate(
            claim=claim, verdict=Verdict.TRUE, rationale="Confirmed.", credibility=2, by=None
        )
        claim_publish(claim=claim, by=None)
    [(_, _, headers, body)] = pages.requests
    assert _verify(headers, body)["event"] == "fact_check.published"


def test_a_published_verdict_changed_in_the_admin_is_a_draft_nobody_is_told_of(
    client, webhook, pages, django_capture_on_commit_callbacks
) -> None:
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        claim_rate(
            claim=claim, verdict=Verdict.TRUE, rationale="Confirmed.", credibility=2, by=None
        )
        claim_publish(claim=claim, by=None)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    form = client.get(f"/admin/claims/claim/{claim.pk}/change/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    # The form carries the version it was opened at; the verdict is read-only in the admin, so
    # the posted one is ignored: verdicts go through the services alone.
    data.update(version=form["version"].value(), verdict=Verdict.FALSE)
    data.update(
        {
            f"{prefix}-{field}": value
            for prefix in ("attributions", "publications", "changes")
            for field, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [json.loads(body)["event"] for _, _, _, body in pages.requests] == [
        "fact_check.published"
    ]
    review = client.get(f"/api/v1/fact-checks/{claim.pk}/").json()
    assert review["reviewRating"]["alternateName"] == "True"


def test_a_webhook_whose_host_does_not_resolve_yet_can_be_registered(admin) -> None:
    response = admin.post(
        "/api/v1/webhooks/",
        {"url": "https://hooks.partner-not-yet-live.invalid/fact-checks", "secret": SECRET},
        format="json",
    )
    assert response.status_code == 201, response.content


@override_settings(FETCH_ALLOWED_NETWORKS=[])
def test_a_host_name_is_checked_at_delivery(reviewing, pages) -> None:
    # localhost resolves to a private address: refused when delivering, not retried.
    url = pages.url("/hook").replace("127.0.0.1", "localhost")
    webhook_create(url=url, secret=SECRET, created_by=None)
    _publish(reviewing, ClaimFactory())
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert "not allowed" in delivery.error
    assert pages.requests == []


def test_a_paused_webhook_is_told_nothing_until_resumed(admin, reviewing, webhook, pages) -> None:
    paused = admin.patch(f"/api/v1/webhooks/{webhook.pk}/", {"active": False}, format="json")
    assert (paused.status_code, paused.json()["active"]) == (200, False)
    _publish(reviewing, ClaimFactory())
    assert pages.requests == []
    admin.patch(f"/api/v1/webhooks/{webhook.pk}/", {"active": True}, format="json")
    _publish(reviewing, ClaimFactory())
    assert len(pages.requests) == 1


def test_during_a_rotation_deliveries_are_signed_with_both_secrets(
    admin, webhook, pages, django_capture_on_commit_callbacks
) -> None:
    new_secret = "the-partners-new-secret-value"
    rotated = admin.post(
        f"/api/v1/webhooks/{webhook.pk}/rotate-secret/",
        {"secret": new_secret, "overlap_seconds": 3600},
        format="json",
    )
    assert rotated.status_code == 200, rotated.content
    assert rotated.json()["previous_secret_until"]
    with django_capture_on_commit_callbacks(execute=True):
        pinged = admin.post(f"/api/v1/webhooks/{webhook.pk}/ping/", {}, format="json")
    assert pinged.status_code == 202
    [(_, _, headers, body)] = pages.requests
    fields = headers["X-Factcheck-Signature"].split(",")
    timestamp = fields[0].removeprefix("t=")
    expected = {
        hmac.new(key.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        for key in (SECRET, new_secret)
    }
    assert {field.removeprefix("v1=") for field in fields[1:]} == expected
    assert json.loads(body)["event"] == "ping"
    # Once the overlap is over, the new secret alone.
    Webhook.objects.filter(pk=webhook.pk).update(previous_secret_until="2000-01-01T00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/api/v1/webhooks/{webhook.pk}/ping/", {}, format="json")
    assert headers_count(pages.requests[-1][2]) == 1


def headers_count(headers: dict[str, str]) -> int:
    return headers["X-Factcheck-Signature"].count("v1=")


@override_settings(FACTCHECK_WEBHOOK_MAX_ATTEMPTS=1)
def test_a_failed_delivery_is_redelivered_with_its_id_and_timing(
    admin, reviewing, webhook, pages, django_capture_on_commit_callbacks
) -> None:
    pages.routes["/hook"] = Page(b"down", status=500)
    _publish(reviewing, ClaimFactory())
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    listed = admin.get(f"/api/v1/webhooks/{webhook.pk}/deliveries/").json()["results"][0]
    assert listed["duration_ms"] is not None and listed["attempted_at"]
    assert listed["payload"]["event"] == "fact_check.published"
    pages.routes["/hook"] = Page(b"ok")
    path = f"/api/v1/webhooks/{webhook.pk}/deliveries/{delivery.pk}/redeliver/"
    with django_capture_on_commit_callbacks(execute=True):
        redelivered = admin.post(path, {}, format="json")
    assert redelivered.status_code == 202, redelivered.content
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert pages.requests[-1][2]["X-Factcheck-Delivery"] == str(delivery.pk)
    again = admin.post(path, {}, format="json")
    assert (again.status_code, again.json()["type"]) == (409, "not_failed")


def test_each_attempt_is_recorded_and_listed_with_its_delivery(
    admin, reviewing, webhook, pages
) -> None:
    answers = iter([Page(b"down", status=503), Page(b"ok")])
    pages.routes["/hook"] = lambda: next(answers)
    _publish(reviewing, ClaimFactory())
    delivery = WebhookDelivery.objects.get()
    attempts = list(delivery.attempt_log.values_list("number", "response_status", "outcome"))
    assert attempts == [
        (1, 503, DeliveryAttemptOutcome.RETRY),
        (2, 200, DeliveryAttemptOutcome.DELIVERED),
    ]
    assert all(a.duration_ms is not None and a.finished_at for a in delivery.attempt_log.all())
    [listed] = admin.get(f"/api/v1/webhooks/{webhook.pk}/deliveries/").json()["results"]
    assert [(a["number"], a["outcome"], a["error"]) for a in listed["attempt_log"]] == [
        (1, "retry", "HTTP 503"),
        (2, "delivered", ""),
    ]


def test_the_deliveries_list_reads_the_same_number_of_queries_for_any_number_of_attempts(
    admin, webhook, django_assert_num_queries
) -> None:
    for _ in range(3):
        delivery = webhook_ping(webhook=webhook)  # not dispatched: the test never commits
        for number in (1, 2):
            WebhookDeliveryAttempt.objects.create(
                delivery=delivery, number=number, started_at=timezone.now()
            )
    # session, user, the webhook, the page of deliveries, their attempts (one prefetch)
    with django_assert_num_queries(5):
        response = admin.get(f"/api/v1/webhooks/{webhook.pk}/deliveries/")
    assert [len(d["attempt_log"]) for d in response.json()["results"]] == [2, 2, 2]


def test_a_delivery_is_posted_once_however_often_its_task_is_delivered(
    webhook, pages, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhook_ping(webhook=webhook)
    deliver_webhook.delay(delivery.pk)  # the broker delivers the message again
    assert webhook_deliver(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(pages.requests)) == (
        DeliveryStatus.DELIVERED,
        1,
        1,
    )


def test_a_retry_waits_for_its_time_and_one_the_broker_never_got_is_swept_when_due(
    webhook, pages, django_capture_on_commit_callbacks
) -> None:
    later = timezone.now() + timedelta(minutes=5)
    delivery = webhook_ping(webhook=webhook)
    # The first attempt failed; queueing its retry failed too (the broker was down).
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.RETRY, attempts=1, next_attempt_at=later, dispatched_at=None
    )
    assert webhook_deliver(delivery_id=delivery.pk) is None  # an early message does nothing
    assert webhook_sweep().dispatched == 0
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_sweep().dispatched == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(pages.requests)) == (
        DeliveryStatus.DELIVERED,
        2,
        1,
    )


def test_a_delivery_left_sending_by_a_killed_worker_is_retried_by_the_sweeper(
    webhook, pages, django_capture_on_commit_callbacks
) -> None:
    delivery = webhook_ping(webhook=webhook)
    killed_at = timezone.now() - timedelta(seconds=settings.FACTCHECK_WEBHOOK_SENDING_SECONDS + 1)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, attempts=1, attempted_at=killed_at
    )
    WebhookDeliveryAttempt.objects.create(delivery=delivery, number=1, started_at=killed_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_sweep() == DeliverySweep(lost=1, dispatched=1)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert list(delivery.attempt_log.values_list("outcome", flat=True)) == [
        DeliveryAttemptOutcome.LOST,
        DeliveryAttemptOutcome.DELIVERED,
    ]
    assert [headers["X-Factcheck-Delivery"] for _, _, headers, _ in pages.requests] == [
        str(delivery.pk)
    ]


def test_a_delivery_left_sending_out_of_attempts_fails(webhook, pages) -> None:
    delivery = webhook_ping(webhook=webhook)
    killed_at = timezone.now() - timedelta(seconds=settings.FACTCHECK_WEBHOOK_SENDING_SECONDS + 1)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, attempts=delivery.max_attempts, attempted_at=killed_at
    )
    assert webhook_sweep() == DeliverySweep(lost=1, dispatched=0)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.error.startswith("Worker lost")
    assert pages.requests == []


@needs_redis()
@pytest.mark.worker
@pytest.mark.skipif(shutil.which("redis-server") is None, reason="starts its own redis-server")
@pytest.mark.django_db(transaction=True)
def test_a_delivery_recorded_while_the_broker_is_down_is_sent_by_the_sweeper(
    tmp_path: Path, pages
) -> None:
    from celery.contrib.testing.worker import start_worker

    from factcheck.celery import app

    broker = RedisServer(tmp_path)
    previous = app.conf.broker_url
    try:
        broker.start()
        use_broker(broker.url, eager=False)
        broker.stop()
        webhook_create(url=pages.url("/hook"), secret=SECRET, created_by=None)
        claim = ClaimFactory()
        claim_rate(
            claim=claim, verdict=Verdict.TRUE, rationale="Confirmed.", credibility=2, by=None
        )
        claim_publish(claim=claim, by=None)  # commits: the enqueue fails, the publication stands
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.dispatched_at) == (DeliveryStatus.PENDING, None)
        broker.start()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            assert webhook_sweep().dispatched == 1
            wait_until(
                lambda: WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED,
                timeout=30,
                what="the swept delivery to be made",
            )
    finally:
        broker.stop()
        use_broker(previous, eager=True)
    [(_, _, headers, body)] = pages.requests
    assert _verify(headers, body)["claim"] == claim.pk
    assert webhook_sweep().dispatched == 0  # delivered: nothing left to send
