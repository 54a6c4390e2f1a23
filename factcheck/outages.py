"""Errors that mean a service we depend on (PostgreSQL, Redis, the broker) is down or slow.

They are passing faults, not bugs: a request that meets one answers 503 with Retry-After
(api/exceptions.py `server_error`), a task that meets one is retried later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import InterfaceError
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    DatabaseOperationalError,
    InterfaceError,
    BrokerOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
)


def is_outage(exc: BaseException | None) -> bool:
    """Whether `exc`, or an exception it was raised from, is a dependency's outage."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def retry_after() -> str:
    """Seconds a client should wait before trying again, as the Retry-After header says it."""
    return str(settings.FACTCHECK_RETRY_AFTER_SECONDS)
