"""Requests per user, whichever of their tokens or their browser session they come with (per
address for anonymous readers): a second token does not double a user's quota."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

if TYPE_CHECKING:
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)

# Where requests are counted while the shared cache (Redis) is down: this process alone, so that
# reads and writes go on being answered, each web process letting a client in at the full rate.
PROCESS_COUNTS = LocMemCache("throttle-process-counts", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


class UserRateThrottle(SimpleRateThrottle):
    """Over the rate, DRF answers 429 with Retry-After (seconds until a request is let in).

    Requests are counted per fixed window of the rate's period, one small counter per window:
    DRF's own throttle keeps the time of every request of the period in one cache value, read
    and written whole on every request (1,200 timestamps at the default rate, 54 KB at the
    benchmark's 6,000 a minute, 0.5 ms of pickling). A client may send up to twice its rate
    across the boundary of two windows.

    It fails open to a per-process limit: with the shared cache down (Redis stopped), requests
    are counted in this process's memory (`PROCESS_COUNTS`), so that the API keeps answering and
    a client still meets the rate in each web process it reaches.
    """

    scope = "api"

    def get_rate(self) -> str:
        # Read when used, not at import, so that settings overridden later apply.
        return str(settings.FACTCHECK_API_RATE)

    def allow_request(self, request: Request, view: APIView) -> bool:
        self.rate = (
            self.get_rate()
            if request.user.is_authenticated
            else str(settings.FACTCHECK_API_ANONYMOUS_RATE)
        )
        allowed, period = self.parse_rate(self.rate)
        assert allowed is not None and period is not None  # our rates are never None
        self.now = self.timer()
        window = int(self.now // period)
        self.window_end = (window + 1) * period
        key = f"{self.get_cache_key(request, view)}:{window}"
        try:
            return self._count(self.cache, key, allowed, period)
        except (RedisError, OSError) as exc:
            logger.warning("Throttle counts kept in this process: the cache is down (%r)", exc)
            return self._count(PROCESS_COUNTS, key, allowed, period)

    @staticmethod
    def _count(cache: Any, key: str, allowed: int, period: int) -> bool:
        if cache.add(key, 1, period):
            return True
        try:
            return bool(cache.incr(key) <= allowed)
        except ValueError:  # the window's counter expired in between
            return bool(cache.add(key, 1, period))

    def wait(self) -> float:
        return max(1.0, self.window_end - self.now)

    def get_cache_key(self, request: Request, view: APIView) -> str:
        if request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return f"throttle:{ident}"
