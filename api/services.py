"""Writes of the API's own records: tokens, webhooks and their deliveries."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User as Account
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from api.models import ApiToken, DeliveryStatus, Webhook, WebhookDelivery
from api.selectors import token_digest
from claims.models import Publication, PublicationStatus
from claims.selectors import fact_check_revision
from factcheck.exceptions import ApplicationError, StateConflict, full_clean
from factcheck.fetch import FetchError, check_url_form, post

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "fct_"  # noqa: S105 (a marker, not a secret)
# last_used_at is written at most this often per token, so that reads stay reads.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
SIGNATURE_HEADER = "X-Factcheck-Signature"


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once; only its digest is stored


def token_create(*, user: Account, name: str, read_only: bool = False) -> NewToken:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(secret),
        read_only=read_only,
    )
    full_clean(token)
    token.save()
    return NewToken(token=token, secret=secret)


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token for good; revoking twice keeps the first date."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


def token_touch(*, token: ApiToken) -> None:
    """Record that the token was used, at most once a minute (no write on most requests)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def _check_secret(secret: str) -> None:
    if len(secret) < 16:
        raise ApplicationError("The secret must be at least 16 characters.", field="secret")


def webhook_create(*, url: str, secret: str, created_by: Account | None) -> Webhook:
    """Register a partner's endpoint. A URL the fetcher would never reach (not http, a private
    address) is refused now; a host name is resolved and checked at each delivery, so it need
    not resolve yet."""
    _check_secret(secret)
    check_url_form(url)
    webhook = Webhook(url=url, secret=secret, created_by=created_by)
    full_clean(webhook)
    webhook.save()
    return webhook


def webhook_update(
    *, webhook: Webhook, url: str | None = None, active: bool | None = None
) -> Webhook:
    """Change a webhook's URL, or pause (`active=False`) and resume it: a paused webhook is
    told nothing."""
    if url is not None:
        check_url_form(url)
        webhook.url = url
    if active is not None:
        webhook.active = active
    full_clean(webhook)
    webhook.save()
    return webhook


def webhook_rotate_secret(*, webhook: Webhook, secret: str, overlap: datetime.timedelta) -> Webhook:
    """Sign with a new secret; deliveries carry the old secret's signature too until `overlap`
    has passed, so that the partner can switch without losing one."""
    _check_secret(secret)
    if secret == webhook.secret:
        raise ApplicationError("Give a new secret.", field="secret")
    with transaction.atomic():
        webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
        webhook.previous_secret = webhook.secret
        webhook.previous_secret_until = timezone.now() + overlap
        webhook.secret = secret
        webhook.save()
    return webhook


def webhook_ping(*, webhook: Webhook) -> WebhookDelivery:
    """Send the webhook a signed test event (`ping`), paused or not, recorded as any delivery."""
    payload = {"event": "ping", "webhook": webhook.pk, "occurred_at": timezone.now().isoformat()}
    delivery = WebhookDelivery.objects.create(webhook=webhook, event="ping", payload=payload)
    transaction.on_commit(lambda: webhook_dispatch(delivery_ids=[delivery.pk]))
    return delivery


def webhook_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Try a failed delivery again, as it was (same id and body: partners deduplicate on it)."""
    redone = WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, attempts=0, error=""
    )
    if not redone:
        raise StateConflict(
            "Only a failed delivery is delivered again.", kind="not_failed", field="status"
        )
    transaction.on_commit(lambda: webhook_dispatch(delivery_ids=[delivery.pk]))
    delivery.refresh_from_db()
    return delivery


def fact_check_event(*, publication: Publication, previous: Publication | None) -> str:
    """What partners are told of a new revision."""
    if publication.status == PublicationStatus.RETRACTED:
        return "fact_check.retracted"
    if previous is None or previous.status == PublicationStatus.RETRACTED:
        return "fact_check.published"
    return "fact_check.updated"


def fact_check_published(
    *, publication: Publication, previous: Publication | None, **signal: Any
) -> list[WebhookDelivery]:
    """Record one delivery per active webhook for a new revision (published, corrected or
    retracted) and queue them when the transaction commits.

    Connected to `claims.signals.publication_made`, so every path that publishes (the API,
    commands) tells the partners, and nothing else does: a draft is nobody's business.
    """
    event = fact_check_event(publication=publication, previous=previous)
    revision = fact_check_revision(publication)
    payload = {
        "event": event,
        **revision,
        "published_at": revision["published_at"].isoformat(),
        "occurred_at": timezone.now().isoformat(),
    }
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            webhook=webhook, event=event, claim_id=publication.claim_id, payload=payload
        )
        for webhook in Webhook.objects.filter(active=True)
    )
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: webhook_dispatch(delivery_ids=ids))
    return deliveries


def webhook_dispatch(*, delivery_ids: list[int]) -> None:
    from api.tasks import deliver_webhook  # the task module imports this one

    for delivery_id in delivery_ids:
        try:
            deliver_webhook.delay(delivery_id)
        except Exception:  # the broker's errors vary by transport; the row is the record
            logger.warning("Webhook delivery %s recorded but not queued", delivery_id)


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


class DeliveryFailed(Exception):
    """An attempt failed in a way that trying again later may fix."""


def webhook_deliver(*, delivery_id: int) -> WebhookDelivery | None:
    """Make one attempt at a pending delivery; raises DeliveryFailed when it should be retried.

    Returns None when the delivery is no longer pending (delivered, or given up on).
    """
    counted = WebhookDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        attempts=F("attempts") + 1
    )
    if not counted:
        return None
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    body = json.dumps(delivery.payload, sort_keys=True).encode("utf-8")
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "X-Factcheck-Event": delivery.event,
        "X-Factcheck-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: signatures(webhook=delivery.webhook, timestamp=timestamp, body=body),
    }
    started, clock = timezone.now(), time.monotonic()
    try:
        answer = post(delivery.webhook.url, body=body, headers=headers)
    except FetchError as exc:
        _timed(delivery, started, clock)
        return _failed(delivery, error=exc.message, status=None, transient=exc.transient)
    _timed(delivery, started, clock)
    if 200 <= answer.status < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.DELIVERED,
            response_status=answer.status,
            error="",
            delivered_at=timezone.now(),
        )
        delivery.refresh_from_db()
        return delivery
    # 4xx other than 408/429 means the partner refuses this delivery; retrying will not help.
    transient = answer.status >= 500 or answer.status in {408, 429}
    return _failed(
        delivery, error=f"HTTP {answer.status}", status=answer.status, transient=transient
    )


def _timed(delivery: WebhookDelivery, started: datetime.datetime, clock: float) -> None:
    duration_ms = int((time.monotonic() - clock) * 1000)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempted_at=started, duration_ms=duration_ms
    )


def _failed(
    delivery: WebhookDelivery, *, error: str, status: int | None, transient: bool
) -> WebhookDelivery:
    retry = transient and delivery.attempts < settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING if retry else DeliveryStatus.FAILED,
        response_status=status,
        error=error,
    )
    delivery.refresh_from_db()
    if retry:
        raise DeliveryFailed(f"Delivery {delivery.pk}, attempt {delivery.attempts}: {error}")
    return delivery
