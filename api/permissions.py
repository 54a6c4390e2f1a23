"""Who may do what: every view names the permission each of its actions needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import permissions
from rest_framework.request import Request

from api.models import ApiToken
from api.selectors import user_roles
from claims.roles import roles_allow

SAFE_METHODS = permissions.SAFE_METHODS


def is_read_only_token(request: Request) -> bool:
    return isinstance(request.auth, ApiToken) and request.auth.read_only


class RolePermission(permissions.BasePermission):
    """The role's permission for the view's action (`view.required_permissions[action]`).

    Views that name a true setting in `public_setting` can be read by anyone, anonymous users
    included; read-only tokens never pass an unsafe method. Roles are the user's groups, read with
    the token (for the browser's session, in one query), and what each grants is decided in
    claims.roles without a permission query; permissions given to a user directly, or to other
    groups, do not count here.
    """

    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        public = getattr(view, "public_setting", None)
        if public and getattr(settings, public) and request.method in SAFE_METHODS:
            return True
        if not user.is_authenticated:
            return False
        if request.method not in SAFE_METHODS and is_read_only_token(request):
            self.message = "This token is read-only."
            return False
        action = getattr(view, "action", None)
        if action is None:  # a method the endpoint lacks: let DRF answer 405
            return True
        required = view.required_permissions.get(action)
        if required is None:
            return False
        if required == "":  # any signed-in user (their own tokens)
            return True
        # A token brings its user's roles; the browser's session reads them.
        token = request.auth if isinstance(request.auth, ApiToken) else None
        roles = token.roles if token else user_roles(user=user)
        return roles_allow(roles=roles, is_superuser=user.is_superuser, permission=required)
