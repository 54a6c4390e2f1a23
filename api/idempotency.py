"""Idempotency-Key on POSTs that create: a retried request gets the first answer."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User as Account
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from api.exceptions import IdempotencyKeyReused
from api.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 200


def _digest(request: Request) -> str:
    signed = f"{request.method} {request.path}\n".encode() + request.body
    return hashlib.sha256(signed).hexdigest()


def _replay(record: IdempotencyKey, digest: str) -> Response:
    if record.request_digest != digest:
        raise IdempotencyKeyReused()
    return Response(
        record.response_body, status=record.response_status, headers={REPLAYED_HEADER: "true"}
    )


def idempotent(
    request: Request,
    respond: Callable[[], Response],
    *,
    prepare: Callable[[], object] | None = None,
) -> Response:
    """`respond()` once per key: its 2xx answer is stored with the key in the same transaction,
    so a retry, even a concurrent one, gets that answer; a refusal stores nothing.

    `prepare()`, when given, runs first and outside that transaction: the slow network work (a
    page to fetch) that must not hold the transaction and the key's lock open. A replay skips it.
    """
    key = request.headers.get(HEADER)
    if key is None:
        if prepare is not None:
            prepare()
        return respond()
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise exceptions.ValidationError({HEADER: [f"Send 1 to {MAX_KEY_LENGTH} characters."]})
    digest = _digest(request)
    user = request.user
    assert isinstance(user, Account)  # the permission check let only signed-in users here
    cutoff = timezone.now() - datetime.timedelta(hours=settings.FACTCHECK_API_IDEMPOTENCY_HOURS)
    IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=cutoff).delete()
    existing = IdempotencyKey.objects.filter(user=user, key=key).first()
    if existing is not None:
        return _replay(existing, digest)
    if prepare is not None:
        prepare()
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    user=user, key=key, request_digest=digest, response_status=0, response_body={}
                )
        except IntegrityError:
            # Another request with this key committed first (this one waited for it).
            return _replay(IdempotencyKey.objects.get(user=user, key=key), digest)
        response = respond()
        if not 200 <= response.status_code < 300:
            transaction.set_rollback(True)
            return response
        record.response_status = response.status_code
        record.response_body = _jsonable(response.data)
        record.save(update_fields=["response_status", "response_body"])
    return response


def _jsonable(data: Any) -> Any:
    return json.loads(JSONRenderer().render(data))
