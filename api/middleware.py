"""Guards on request bodies, before anything reads them: an oversized API body is refused with
413, and a body sent without a length (chunked) with 411."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from api.exceptions import RequestTooLarge, error_body


def _refusal(request: HttpRequest, status: int, kind: str, detail: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = json.dumps(error_body(kind, detail))
        return HttpResponse(body, status=status, content_type="application/json")
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


class BodySizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or ""
        if not declared and request.META.get("HTTP_TRANSFER_ENCODING", "identity") != "identity":
            # WSGI reads a body by its Content-Length: one sent chunked would be read as empty.
            return _refusal(
                request,
                411,
                "length_required",
                "Send the body with a Content-Length header, not chunked.",
            )
        if request.path.startswith("/api/"):
            limit = settings.FACTCHECK_API_MAX_BODY_BYTES
            if declared.isdigit() and int(declared) > limit:
                return _refusal(
                    request,
                    413,
                    RequestTooLarge.default_code,
                    f"The request body is larger than the {limit:,} byte limit.",
                )
        return self.get_response(request)
