"""Login forms that say when an account is locked out rather than "wrong password"."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from accounts.backends import LOCKED_OUT


def _locked_out_error() -> ValidationError:
    return ValidationError(
        "Too many failed sign-ins to this account from your address: try again in "
        f"{settings.FACTCHECK_LOGIN_LOCKOUT_MINUTES} minutes.",
        code="locked_out",
    )


class LoginForm(AuthenticationForm):
    def get_invalid_login_error(self) -> ValidationError:
        if getattr(self.request, LOCKED_OUT, False):
            return _locked_out_error()
        return super().get_invalid_login_error()


class AdminLoginForm(AdminAuthenticationForm):
    def get_invalid_login_error(self) -> ValidationError:
        if getattr(self.request, LOCKED_OUT, False):
            return _locked_out_error()
        return super().get_invalid_login_error()
