"""Login lockout: after FACTCHECK_LOGIN_FAILURE_LIMIT wrong passwords for one account from one
address within FACTCHECK_LOGIN_LOCKOUT_MINUTES, that account refuses every password, the right
one included, from that address until the window has passed. Counted in the database, so that
every web process and machine sees the same count and a Redis outage changes nothing.

Counting per account *and* address means that someone guessing cannot lock the account's owner
out from elsewhere; behind a proxy that does not pass the client's address on, the proxy's
address is everyone's and the count is then per account.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import LoginFailure


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.FACTCHECK_LOGIN_LOCKOUT_MINUTES)


def request_address(request: HttpRequest | None) -> str | None:
    return None if request is None else request.META.get("REMOTE_ADDR") or None


def login_locked_out(*, username: str, address: str | None) -> bool:
    recent = LoginFailure.objects.filter(
        username=username, address=address, at__gte=_window_start()
    )
    limit: int = settings.FACTCHECK_LOGIN_FAILURE_LIMIT
    return recent[:limit].count() >= limit


def login_failure_record(*, username: str, address: str | None) -> None:
    LoginFailure.objects.filter(at__lt=_window_start()).delete()  # forget what no longer counts
    LoginFailure.objects.create(username=username[:150], address=address)


def login_success(*, username: str, address: str | None) -> None:
    LoginFailure.objects.filter(username=username, address=address).delete()
