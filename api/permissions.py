"""Who may do what: every view names the permission each of its actions needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User as Account
from rest_framework import permissions
from rest_framework.request import Request

from api.models import ApiToken
from api.selectors import user_permissions

SAFE_METHODS = permissions.SAFE_METHODS


def is_read_only_token(request: Request) -> bool:
    return isinstance(request.auth, ApiToken) and request.auth.read_only


class RolePermission(permissions.BasePermission):
    """The role's permission for the view's action (`view.required_permissions[action]`).

    Views that name a true setting in `public_setting` can be read by anyone, anonymous users
    included; read-only tokens never pass an unsafe method.
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
        assert isinstance(user, Account)
        if not hasattr(user, "_perm_cache"):
            # ModelBackend's cache: one query for all of the user's permissions, not two.
            user._perm_cache = user_permissions(user=user)  # type: ignore[attr-defined]
        return user.has_perm(required)
