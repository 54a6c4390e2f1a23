"""Reads for the API's own records: tokens and a user's roles."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import Group
from django.contrib.auth.models import User as Account
from django.db.models import OuterRef, QuerySet, Subquery

from api.models import ApiToken, Webhook
from factcheck.expressions import JSONList


def token_digest(secret: str) -> str:
    """Tokens are long random secrets, so one SHA-256 is enough to keep them unreadable at rest."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# Live tokens with their user and the user's roles (group names). Built once: resolving the
# expressions costs more than running the query (bench/api.py); each use filters a copy.
_LIVE_TOKENS = (
    ApiToken.objects.select_related("user")
    .annotate(
        roles=Subquery(
            Group.objects.filter(user=OuterRef("user_id"))
            .values("user")
            .annotate(names=JSONList("name"))
            .values_list("names")
        )
    )
    .filter(revoked_at__isnull=True, user__is_active=True)
)


def token_by_secret(secret: str) -> ApiToken | None:
    """The live token with this secret, with its user and the user's roles (`token.roles`), in
    one query: read on every request, so a revoked token or a changed role counts at once."""
    return _LIVE_TOKENS.filter(digest=token_digest(secret)).first()


def token_list(*, user: Account) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def user_roles(*, user: Account) -> list[str]:
    """The names of the user's groups (roles), in one query."""
    return list(user.groups.values_list("name", flat=True))


def webhook_list() -> QuerySet[Webhook]:
    return Webhook.objects.all()
