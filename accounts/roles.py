"""The four roles and the one rule of who may do what, asked by the pages (user.has_perm, through
accounts.backends), the admin (the same), the API (api.permissions) and the services (user_may).

A role is a Django group; what it grants is decided here in code (role_grants), and the groups'
permissions only mirror it for the admin to show (sync_roles). A permission given to a user
directly, or to a group that is no role, counts nowhere: a token carries its user's roles, not
permissions, and one table of roles is what an editor can read and a test can check.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission

VIEWER = "viewer"
EDITOR = "editor"
REVIEWER = "reviewer"
ADMIN = "admin"
ROLES = (VIEWER, EDITOR, REVIEWER, ADMIN)

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
_EDITS = frozenset(
    f"{action}_{model}" for action in ("add", "change", "delete") for model in _EDITED_MODELS
)
_REVIEWS = frozenset({"rate_claim", "publish_claim"})
# Where a user object keeps its roles once read (user_roles).
_ROLES = "_roles_cache"


def role_grants(role: str, app_label: str, codename: str) -> bool:
    """Whether the role holds the permission: the one definition of the roles, which the groups'
    permissions follow (sync_roles) and the API checks without a query."""
    in_apps = app_label in _APPS
    view = in_apps and codename.startswith("view_")
    edit = in_apps and codename in _EDITS
    review = in_apps and codename in _REVIEWS
    # Users, webhooks and others' tokens (the API's own records) are the admins' alone.
    manage = app_label in settings.FACTCHECK_ADMIN_APPS
    return {
        VIEWER: view,
        EDITOR: view or edit,
        REVIEWER: view or edit or review,
        ADMIN: in_apps or manage,
    }.get(role, False)


def roles_allow(*, roles: Collection[str], is_superuser: bool, permission: str) -> bool:
    """Whether a user with these roles (group names) holds `permission` ("app_label.codename")."""
    if is_superuser:
        return True
    app_label, _, codename = permission.partition(".")
    return any(role_grants(role, app_label, codename) for role in roles)


def sync_roles() -> None:
    """Create the role groups and give each exactly its permissions."""
    permissions = list(Permission.objects.select_related("content_type"))
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [p for p in permissions if role_grants(name, p.content_type.app_label, p.codename)]
        )


def sync_roles_after_migrate(**kwargs: Any) -> None:
    sync_roles()


def user_roles(user: Any) -> frozenset[str]:
    """The user's roles (group names), read once per user object, that is once a request."""
    roles: frozenset[str] | None = getattr(user, _ROLES, None)
    if roles is None:
        roles = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _ROLES, roles)
    return roles


def user_roles_known(user: Any, roles: Collection[str]) -> None:
    """Record roles read with the user (an API token brings them), so that none is read again."""
    setattr(user, _ROLES, frozenset(roles))


def user_may(user: Any, permission: str) -> bool:
    """Whether the user's roles grant `permission` ("app_label.codename"): the one check of the
    pages, the admin, the API and the services. No user (a system job, a command) may; an
    anonymous or inactive one may not."""
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return roles_allow(
        roles=user_roles(user), is_superuser=user.is_superuser, permission=permission
    )
