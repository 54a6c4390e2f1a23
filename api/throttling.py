"""Requests per token (per user for the browser, per address for anonymous readers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken

if TYPE_CHECKING:
    from rest_framework.views import APIView


class TokenRateThrottle(SimpleRateThrottle):
    """Over the rate, DRF answers 429 with Retry-After (seconds until a request is let in)."""

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
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: APIView) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token:{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return f"throttle:{ident}"
