"""The one authentication backend of every login form (the workbench's and the admin's), and the
one answer to `user.has_perm` on the pages and in the admin: the user's roles (accounts.roles)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accounts.roles import user_may
from accounts.services import (
    login_failure_record,
    login_locked_out,
    login_success,
    request_address,
)

LOCKED_OUT = "login_locked_out"  # set on the request, for the form to say why


class LockoutModelBackend(ModelBackend):
    """Django's ModelBackend behind the login lockout (accounts/services.py), whose permissions
    are the user's roles': the rule the API and the services ask too (accounts.roles.user_may),
    so that a permission given to a user directly counts nowhere."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return super().authenticate(request, username, password, **kwargs)
        address = request_address(request)
        if login_locked_out(username=username, address=address):
            if request is not None:
                setattr(request, LOCKED_OUT, True)
            raise PermissionDenied  # no other backend is asked, the password is not checked
        user = super().authenticate(request, username, password, **kwargs)
        if user is None:
            login_failure_record(username=username, address=address)
        else:
            login_success(username=username, address=address)
        return user

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        # Roles grant a permission on every record of a model, none on one record alone.
        return obj is None and user_may(user_obj, perm)

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()  # a permission given to a user directly does not count

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        """The permissions the user's roles grant (for the admin's list of apps: one query)."""
        if obj is not None or not user_obj.is_authenticated:
            return set()
        return {
            name
            for name in (
                f"{app_label}.{codename}"
                for app_label, codename in Permission.objects.values_list(
                    "content_type__app_label", "codename"
                )
            )
            if user_may(user_obj, name)
        }
