"""Who did something: the user recorded as author of a change, a check or a decision."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as Account

User = Account | AnonymousUser | None


def user_or_none(user: User) -> Account | None:
    """The user to record as author; anonymous requests and system jobs record none."""
    return user if isinstance(user, Account) else None
