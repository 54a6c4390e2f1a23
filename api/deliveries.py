"""Webhook deliveries, on the outbox pattern CrossChecks follow: recorded in the transaction of
the event they tell, handed to the queue when it commits, taken by one attempt at a time (a
conditional update pending or retry -> sending), retried with backoff up to their attempts, each
attempt recorded, and swept by beat: what the broker never got or lost is sent again, and one
left sending by a killed worker is retried. A delivery is made at least once (partners
deduplicate on its id) and, once delivered, never again.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from api.models import (
    OPEN_DELIVERIES,
    DeliveryAttemptOutcome,
    DeliveryStatus,
    Webhook,
    WebhookDelivery,
    WebhookDeliveryAttempt,
)
from factcheck.backoff import backoff_seconds
from factcheck.fetch import FetchError, post

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Factcheck-Signature"


def deliveries_record(
    *, webhooks: list[Webhook], event: str, claim_id: int | None, payload: dict[str, Any]
) -> list[WebhookDelivery]:
    """Record one delivery per webhook in the caller's transaction (the event's own), handed to
    the queue when it commits: an event rolled back tells nobody, one committed is never lost."""
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            webhook=webhook,
            event=event,
            claim_id=claim_id,
            payload=payload,
            max_attempts=settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS,
            # Optimistic: a failed dispatch clears it, so the sweeper sends it at its next run.
            dispatched_at=now,
        )
        for webhook in webhooks
    )
    ids = [delivery.pk for delivery in deliveries]
    if ids:
        transaction.on_commit(partial(webhook_dispatch, delivery_ids=ids))
    return deliveries


class DeliveryTask(Protocol):
    """The Celery task that makes one attempt at a delivery: it takes the delivery's id."""

    def apply_async(self, args: tuple[int], *, countdown: float | None) -> object: ...


_registered: dict[str, DeliveryTask] = {}


def webhook_task_register(task: DeliveryTask) -> None:
    """Make `task` the one webhook_dispatch hands deliveries to (api/tasks.py registers it)."""
    _registered["deliver"] = task


def webhook_dispatch(*, delivery_ids: Sequence[int], countdown: float | None = None) -> int:
    """Hand recorded deliveries to the queue; returns how many were handed over. If the broker
    is down the rest stay recorded, marked as never dispatched, and the sweeper sends them."""
    try:
        deliver = _registered["deliver"]
    except KeyError:
        raise ImproperlyConfigured(
            "No task delivers webhooks: api.tasks registers it when the api app is ready."
        ) from None
    ids = list(delivery_ids)
    for sent, delivery_id in enumerate(ids):
        try:
            deliver.apply_async((delivery_id,), countdown=countdown)
        except Exception as exc:  # the broker's errors vary by transport; the row is the record
            # One refusal is enough: trying each remaining one would keep a request waiting.
            logger.warning("Webhook deliveries %s recorded but not queued: %r", ids[sent:], exc)
            WebhookDelivery.objects.filter(pk__in=ids[sent:], status__in=OPEN_DELIVERIES).update(
                dispatched_at=None
            )
            return sent
    return len(ids)


def signatures(*, webhook: Webhook, timestamp: int, body: bytes) -> str:
    """The signature header's value: `t=<timestamp>,v1=<hex>`, with a second `v1` made with the
    previous secret while a rotation's overlap lasts."""
    secrets_now = [webhook.secret]
    until = webhook.previous_secret_until
    if webhook.previous_secret and until is not None and timezone.now() < until:
        secrets_now.append(webhook.previous_secret)
    signed = (signature(secret=secret, timestamp=timestamp, body=body) for secret in secrets_now)
    return ",".join([f"t={timestamp}", *(f"v1={hexdigest}" for hexdigest in signed)])


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 of "<timestamp>.<body>", hex: what receivers recompute to trust a delivery."""
    signed = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def _take(*, delivery_id: int) -> WebhookDelivery | None:
    """The delivery, now sending under a new attempt (recorded); None if it was not there to
    take: delivered, failed, taken by another worker, or its retry is not due yet."""
    now = timezone.now()
    with transaction.atomic():
        taken = (
            WebhookDelivery.objects.filter(
                pk=delivery_id,
                status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY],
                attempts__lt=F("max_attempts"),
            )
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .update(
                status=DeliveryStatus.SENDING,
                attempts=F("attempts") + 1,
                attempted_at=now,
                duration_ms=None,
                next_attempt_at=None,
            )
        )
        if not taken:
            return None
        delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
        WebhookDeliveryAttempt.objects.create(
            delivery=delivery, number=delivery.attempts, started_at=now
        )
    return delivery


def webhook_deliver(*, delivery_id: int) -> WebhookDelivery | None:
    """Make one attempt at a delivery that is due; returns it as the attempt left it, or None
    when it was not this call's to make. A transient failure (network, 408, 429, 5xx) is
    retried after a backoff while attempts remain; any other fails it."""
    delivery = _take(delivery_id=delivery_id)
    if delivery is None:
        return None
    body = json.dumps(delivery.payload, sort_keys=True).encode("utf-8")
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "X-Factcheck-Event": delivery.event,
        "X-Factcheck-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: signatures(webhook=delivery.webhook, timestamp=timestamp, body=body),
    }
    clock = time.monotonic()
    try:
        answer = post(delivery.webhook.url, body=body, headers=headers)
    except FetchError as exc:
        return _attempt_ended(
            delivery, clock, status=None, error=exc.message, transient=exc.transient
        )
    if 200 <= answer.status < 300:
        return _attempt_ended(delivery, clock, status=answer.status, error="", transient=False)
    # 4xx other than 408/429 means the partner refuses this delivery; retrying will not help.
    transient = answer.status >= 500 or answer.status in {408, 429}
    return _attempt_ended(
        delivery, clock, status=answer.status, error=f"HTTP {answer.status}", transient=transient
    )


def retry_delay(*, attempt: int) -> float:
    """Seconds before retrying after failed attempt `attempt`: the deliveries a partner's outage
    failed together spread out. Capped under the broker's visibility timeout (600 s), after
    which Redis would hand a retry still waiting for its countdown to a second worker."""
    return backoff_seconds(
        attempt=attempt, base=settings.FACTCHECK_WEBHOOK_BACKOFF_SECONDS, ceiling=300.0
    )


def _attempt_ended(
    delivery: WebhookDelivery, clock: float, *, status: int | None, error: str, transient: bool
) -> WebhookDelivery:
    """Record the attempt's outcome, if it still holds the delivery (the sweeper may have taken
    back one that took too long), and queue the retry when it commits."""
    now = timezone.now()
    duration_ms = int((time.monotonic() - clock) * 1000)
    retry = transient and delivery.attempts < delivery.max_attempts
    delay = retry_delay(attempt=delivery.attempts) if retry else 0.0
    due = now + datetime.timedelta(seconds=delay)
    delivered: dict[str, Any] = {"status": DeliveryStatus.DELIVERED, "delivered_at": now}
    retried: dict[str, Any] = {
        "status": DeliveryStatus.RETRY,
        "next_attempt_at": due,
        "dispatched_at": due,
    }
    failed: dict[str, Any] = {"status": DeliveryStatus.FAILED}
    ok = status is not None and 200 <= status < 300
    fields = delivered if ok else retried if retry else failed
    with transaction.atomic():
        held = WebhookDelivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.SENDING, attempts=delivery.attempts
        ).update(response_status=status, error=error, duration_ms=duration_ms, **fields)
        WebhookDeliveryAttempt.objects.filter(delivery=delivery, number=delivery.attempts).update(
            outcome=DeliveryAttemptOutcome(fields["status"])
            if held
            else DeliveryAttemptOutcome.LOST,
            response_status=status,
            error=error,
            duration_ms=duration_ms,
            finished_at=now,
        )
        if held and retry:
            transaction.on_commit(
                partial(webhook_dispatch, delivery_ids=[delivery.pk], countdown=delay)
            )
    delivery.refresh_from_db()
    return delivery


@dataclass(frozen=True)
class DeliverySweep:
    lost: int  # sending deliveries whose worker was lost: retried, or failed if out of attempts
    dispatched: int  # due deliveries handed to the broker


def webhook_sweep(*, batch: int | None = None) -> DeliverySweep:
    """What the queue lost, a bounded batch per run: deliveries left sending longer than an
    attempt can last (FACTCHECK_WEBHOOK_SENDING_SECONDS: the worker was killed) are retried, and
    pending or retry deliveries that are due and were never dispatched (the broker was down) or
    dispatched over FACTCHECK_REDISPATCH_SECONDS ago are sent again."""
    batch = batch or settings.FACTCHECK_CROSSCHECK_SWEEP_BATCH
    now = timezone.now()
    sending_cutoff = now - datetime.timedelta(seconds=settings.FACTCHECK_WEBHOOK_SENDING_SECONDS)
    redispatch_cutoff = now - datetime.timedelta(seconds=settings.FACTCHECK_REDISPATCH_SECONDS)
    lost = WebhookDelivery.objects.filter(
        status=DeliveryStatus.SENDING, attempted_at__lt=sending_cutoff
    ).values_list("pk", "attempts", "max_attempts", "attempted_at")
    taken_back = 0
    for pk, attempts, max_attempts, attempted_at in lost[:batch]:
        error = f"Worker lost: no answer recorded since {attempted_at:%Y-%m-%d %H:%M:%S} UTC."
        gave_up = attempts >= max_attempts
        with transaction.atomic():
            # Conditional on the attempt read: one that ended meanwhile keeps its outcome.
            changed = WebhookDelivery.objects.filter(
                pk=pk, status=DeliveryStatus.SENDING, attempts=attempts
            ).update(
                status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.RETRY,
                error=error,
                dispatched_at=None,
            )
            if changed:
                WebhookDeliveryAttempt.objects.filter(delivery_id=pk, number=attempts).update(
                    outcome=DeliveryAttemptOutcome.LOST, error=error, finished_at=now
                )
        taken_back += changed
    due = list(
        WebhookDelivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY],
            attempts__lt=F("max_attempts"),
        )
        .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=redispatch_cutoff))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:batch]
    )
    WebhookDelivery.objects.filter(pk__in=due).update(dispatched_at=now)
    return DeliverySweep(lost=taken_back, dispatched=webhook_dispatch(delivery_ids=due))
