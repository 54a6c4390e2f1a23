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

    Anonymous users reach only views that set `public_setting` to a true setting; read-only
    tokens never pass an unsafe method.
    """

    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user.is_authenticated:
            public = getattr(view, "public_setting", None)
            return bool(public and getattr(settings, public)) and request.method in SAFE_METHODS
        if request.method not in SAFE_METHODS and is_read_only_token(request):
            self.message = "This token is read-only."
            return False
        required = view.required_permissions.get(getattr(view, "action", None) or "")
        if required is None:
            return False
        if required == "":  # any signed-in user (their own tokens)
            return True
        assert isinstance(user, Account)
        if not hasattr(user, "_perm_cache"):
            # ModelBackend's cache: one query for all of the user's permissions, not two.
            user._perm_cache = user_permissions(user=user)  # type: ignore[attr-defined]
        return user.has_perm(required)
