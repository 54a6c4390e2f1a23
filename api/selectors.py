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


def token_by_secret(secret: str) -> ApiToken | None:
    """The live token with this secret, with its user and the user's roles (`token.roles`, the
    group names), in one query: read on every request, so never stale."""
    roles = (
        Group.objects.filter(user=OuterRef("user_id"))
        .values("user")
        .annotate(names=JSONList("name"))
        .values_list("names")
    )
    return (
        ApiToken.objects.select_related("user")
        .annotate(roles=Subquery(roles))
        .filter(digest=token_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def token_list(*, user: Account) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def user_roles(*, user: Account) -> list[str]:
    """The names of the user's groups (roles), in one query."""
    return list(user.groups.values_list("name", flat=True))


def webhook_list() -> QuerySet[Webhook]:
    return Webhook.objects.all()
