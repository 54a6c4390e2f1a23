"""Refuse an oversized API request body before anything reads it."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from api.exceptions import RequestTooLarge, error_body


class BodySizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            declared = request.META.get("CONTENT_LENGTH") or ""
            limit = settings.FACTCHECK_API_MAX_BODY_BYTES
            if declared.isdigit() and int(declared) > limit:
                body = error_body(
                    RequestTooLarge.default_code,
                    f"The request body is larger than the {limit:,} byte limit.",
                )
                return HttpResponse(json.dumps(body), status=413, content_type="application/json")
        return self.get_response(request)
