"""Reads for the API's own records: tokens (with their user's roles) and webhooks."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import Group
from django.contrib.auth.models import User as Account
from django.db import router
from django.db.models import OuterRef, QuerySet, Subquery

from api.models import ApiToken, Webhook, WebhookDelivery
from factcheck.expressions import JSONList
from factcheck.prepared import PreparedRows


def token_digest(secret: str) -> str:
    """Tokens are long random secrets, so one SHA-256 is enough to keep them unreadable at rest."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


_TOKEN_FIELDS = [field.attname for field in ApiToken._meta.concrete_fields]
_USER_FIELDS = [field.attname for field in Account._meta.concrete_fields]
_DIGEST = "placeholder for the digest"  # stands for it in the SQL compiled once
# Read on every request, so compiled once: resolving and compiling the query cost more than
# running it (bench/api.py).
_LIVE_TOKEN = PreparedRows(
    ApiToken.objects.filter(digest=_DIGEST, revoked_at__isnull=True, user__is_active=True).values(
        *_TOKEN_FIELDS,
        *(f"user__{name}" for name in _USER_FIELDS),
        roles=Subquery(
            Group.objects.filter(user=OuterRef("user_id"))
            .values("user")
            .annotate(names=JSONList("name"))
            .values_list("names")
        ),
    ),
    digest=_DIGEST,
)


def token_by_secret(secret: str) -> ApiToken | None:
    """The live token with this secret, with its user and the user's roles (`token.roles`, the
    group names), in one query: read on every request, so a revoked token or a changed role
    counts at once."""
    rows = _LIVE_TOKEN.rows(digest=token_digest(secret))
    if not rows:
        return None
    [row] = rows
    db = router.db_for_read(ApiToken)
    token = ApiToken.from_db(db, _TOKEN_FIELDS, [row[name] for name in _TOKEN_FIELDS])
    token.user = Account.from_db(db, _USER_FIELDS, [row[f"user__{n}"] for n in _USER_FIELDS])
    token.roles = row["roles"] or []
    return token


def token_list(*, user: Account) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def webhook_list() -> QuerySet[Webhook]:
    return Webhook.objects.all()


def webhook_deliveries(*, webhook: Webhook) -> QuerySet[WebhookDelivery]:
    """The webhook's deliveries, newest first, each with its attempts (one more query a page)."""
    return WebhookDelivery.objects.filter(webhook=webhook).prefetch_related("attempt_log")
