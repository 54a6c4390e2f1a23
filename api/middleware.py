"""Guards on the request line and body, before anything reads them: an address too long is
refused with 414, an oversized API body with 413, and a body sent without a length (chunked)
with 411."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from api.exceptions import RequestTooLarge, error_body

# The longest address (path and query string, as sent) answered: gunicorn's limit_request_line
# (gunicorn.conf.py) is set above it, so that the refusal is this JSON one rather than the
# server's own page. No filter of the API needs more.
MAX_URI_BYTES = 8000


def _refusal(request: HttpRequest, status: int, kind: str, detail: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = json.dumps(error_body(kind, detail))
        return HttpResponse(body, status=status, content_type="application/json")
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The address percent-encoded, as the request line carried it.
        if len(request.get_full_path()) > MAX_URI_BYTES:
            return _refusal(
                request,
                414,
                "uri_too_long",
                f"The address is longer than the {MAX_URI_BYTES:,} byte limit.",
            )
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
