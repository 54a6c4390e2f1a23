"""Writes of the API's own records: tokens, webhooks and their deliveries."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User as Account
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from api.deliveries import deliveries_record, webhook_dispatch
from api.models import ApiToken, DeliveryStatus, Webhook, WebhookDelivery
from api.selectors import token_digest
from claims.models import Publication, PublicationStatus
from claims.selectors import fact_check_revision
from factcheck.exceptions import ApplicationError, StateConflict, full_clean
from factcheck.fetch import check_url_form

TOKEN_PREFIX = "fct_"  # noqa: S105 (a marker, not a secret)
# last_used_at is written at most this often per token, so that reads stay reads.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


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
    [delivery] = deliveries_record(webhooks=[webhook], event="ping", claim_id=None, payload=payload)
    return delivery


def webhook_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Try a failed delivery again, as it was (same id and body: partners deduplicate on it),
    with a new set of FACTCHECK_WEBHOOK_MAX_ATTEMPTS attempts; the earlier ones stay recorded."""
    redone = WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING,
        max_attempts=F("attempts") + settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS,
        next_attempt_at=None,
        dispatched_at=timezone.now(),
    )
    if not redone:
        raise StateConflict(
            "Only a failed delivery is delivered again.", kind="not_failed", field="status"
        )
    transaction.on_commit(partial(webhook_dispatch, delivery_ids=[delivery.pk]))
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
    return deliveries_record(
        webhooks=list(Webhook.objects.filter(active=True)),
        event=event,
        claim_id=publication.claim_id,
        payload=payload,
    )
