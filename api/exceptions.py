"""The one translation of refusals and faults into HTTP: every 4xx and 5xx of the API has the
body `{"type": ..., "detail": ..., "errors": {field: [messages]}}`."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import server_error as page_server_error
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from factcheck.exceptions import ApplicationError, NotAllowed, StateConflict
from factcheck.outages import is_outage, retry_after

NON_FIELD = "non_field_errors"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it: fetch it again, then retry."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the ETag you read, so that no change is overwritten."
    default_code = "precondition_required"


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This was withdrawn."
    default_code = "retracted"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used with another request."
    default_code = "idempotency_key_reused"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def error_body(
    kind: str, detail: str, errors: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"type": kind, "detail": detail, "errors": errors or {}}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as `{"field": [...], "attributions.0.role": [...]}`."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            if key == NON_FIELD:  # errors of the object itself are named by its path
                flat.update(_flatten(value, prefix))
            else:
                flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or NON_FIELD: [str(item) for item in items]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StateConflict):
        set_rollback()
        field = exc.field or NON_FIELD
        return Response(
            error_body(exc.kind, exc.message, {field: [exc.message]}),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, NotAllowed):
        exc = exceptions.PermissionDenied(exc.message)
    elif isinstance(exc, ApplicationError):
        set_rollback()
        field = exc.field or NON_FIELD
        return Response(
            error_body("invalid", exc.message, {field: [exc.message]}),
            status=status.HTTP_400_BAD_REQUEST,
        )
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    set_rollback()
    headers = {}
    # DRF's APIView sets `auth_header` on the authentication errors it handles.
    if auth_header := getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = str(auth_header)
    # Throttled's, and others' that say when to come back.
    if (wait := getattr(exc, "wait", None)) is not None:
        headers["Retry-After"] = str(max(1, int(wait)))
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        first = next(iter(errors.values()))[0] if errors else "The request is not valid."
        body = error_body("invalid", first, errors)
    else:
        codes = exc.get_codes()
        kind = codes if isinstance(codes, str) else exc.default_code
        body = error_body(str(kind), str(exc.detail))
    return Response(body, status=exc.status_code, headers=headers)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500, for whatever no view or middleware answered (the API's included).

    A dependency's outage (database, Redis, broker) is a passing fault, not a bug: 503 with
    Retry-After, the JSON error body under /api/ and a page that reloads itself elsewhere.
    Nothing here touches the database, which may be what is down.
    """
    exc = sys.exc_info()[1]
    api = request.path.startswith("/api/")
    if is_outage(exc):
        seconds = retry_after()
        detail = "A service the workbench depends on is not answering; try again shortly."
        if api:
            response: HttpResponse = JsonResponse(
                error_body("service_unavailable", detail), status=503
            )
        else:
            page = loader.get_template("503.html").render({"retry_after": seconds})
            response = HttpResponse(page, status=503)
        response["Retry-After"] = seconds
        return response
    if api:
        body = error_body("server_error", "Something went wrong on our side.")
        return JsonResponse(body, status=500)
    return page_server_error(request)
