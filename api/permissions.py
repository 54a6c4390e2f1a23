"""Who may do what: every view names the permission each of its actions needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import permissions
from rest_framework.request import Request

from accounts.roles import user_may, user_roles_known
from api.models import ApiToken

SAFE_METHODS = permissions.SAFE_METHODS


def is_read_only_token(request: Request) -> bool:
    return isinstance(request.auth, ApiToken) and request.auth.read_only


class RolePermission(permissions.BasePermission):
    """The role's permission for the view's action (`view.required_permissions[action]`).

    Views that name a true setting in `public_setting` can be read by anyone, anonymous users
    included; read-only tokens never pass an unsafe method. What the user may do is the rule of
    the pages and the admin (accounts.roles.user_may): their roles, read with the token (for the
    browser's session, in one query); a permission given to a user directly counts nowhere.
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
        if isinstance(request.auth, ApiToken):  # it brings its user's roles: none to read again
            user_roles_known(user, request.auth.roles)
        return user_may(user, required)
