"""A paste larger than Django reads (DATA_UPLOAD_MAX_MEMORY_SIZE) would stop at the CSRF check
with RequestDataTooBig (a bare 400, or the debug page): the ingest page answers it instead with
its own form and its "too large" message. Nothing is read from the body and nothing is written."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from claims.views import article_ingest_too_large


class OversizedPasteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or ""
        if (
            request.method == "POST"
            and declared.isdigit()
            and int(declared) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            and request.path == reverse("article_ingest")
        ):
            return article_ingest_too_large(request, size=int(declared))
        return self.get_response(request)
