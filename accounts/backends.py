"""The one authentication backend of every login form (the workbench's and the admin's)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accounts.services import (
    login_failure_record,
    login_locked_out,
    login_success,
    request_address,
)

LOCKED_OUT = "login_locked_out"  # set on the request, for the form to say why


class LockoutModelBackend(ModelBackend):
    """Django's ModelBackend behind the login lockout (accounts/services.py)."""

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
