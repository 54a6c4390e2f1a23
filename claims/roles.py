"""The four roles, as Django groups whose permissions are kept in step with the code."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

VIEWER = "viewer"
EDITOR = "editor"
REVIEWER = "reviewer"
ADMIN = "admin"

_APPS = ("claims", "sources")
_EDITED_MODELS = (
    "article",
    "claim",
    "attribution",
    "crosscheck",
    "relatedclaim",
    "question",
    "source",
    "sourcealias",
)


def _role_permissions() -> dict[str, Q]:
    in_apps = Q(content_type__app_label__in=_APPS)
    view = in_apps & Q(codename__startswith="view_")
    edit = in_apps & Q(
        codename__in=[
            f"{action}_{model}"
            for action in ("add", "change", "delete")
            for model in _EDITED_MODELS
        ]
    )
    review = in_apps & Q(codename__in=["rate_claim", "publish_claim"])
    manage_users = Q(content_type__app_label="auth")
    # Webhooks and others' tokens (the API's own records) are the admins' alone.
    manage_api = Q(content_type__app_label="api")
    return {
        VIEWER: view,
        EDITOR: view | edit,
        REVIEWER: view | edit | review,
        ADMIN: in_apps | manage_users | manage_api,
    }


def sync_roles() -> None:
    """Create the role groups and give each exactly its permissions."""
    for name, permissions in _role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(permissions))


def sync_roles_after_migrate(**kwargs: Any) -> None:
    sync_roles()
