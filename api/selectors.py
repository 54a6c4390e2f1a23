"""Reads for the API's own records: tokens and a user's permissions."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import Permission
from django.contrib.auth.models import User as Account
from django.db.models import Q, QuerySet

from api.models import ApiToken, Webhook


def token_digest(secret: str) -> str:
    """Tokens are long random secrets, so one SHA-256 is enough to keep them unreadable at rest."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_by_secret(secret: str) -> ApiToken | None:
    """The live token with this secret, with its user (one query)."""
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def token_list(*, user: Account) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def user_permissions(*, user: Account) -> set[str]:
    """Every permission the user has, directly or through a role, in one query."""
    rows = (
        Permission.objects.filter(Q(user=user) | Q(group__user=user))
        .values_list("content_type__app_label", "codename")
        .distinct()
    )
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def webhook_list() -> QuerySet[Webhook]:
    return Webhook.objects.all()
