"""Optimistic concurrency: an ETag per record, If-Match required on updates, 412 when stale."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import models, transaction
from rest_framework.request import Request

from api.exceptions import PreconditionFailed, PreconditionRequired

M = TypeVar("M", bound=models.Model)


def etag(record: Any) -> str:
    """A strong ETag from the record's identity and last change (`updated_at`)."""
    return version_etag(type(record), record.pk, record.updated_at)


def version_etag(model: type[models.Model], pk: Any, updated_at: datetime.datetime) -> str:
    """The ETag of a record read as a row rather than a model instance."""
    version = f"{model.__name__}:{pk}:{updated_at.isoformat()}"
    return '"' + hashlib.sha256(version.encode()).hexdigest()[:32] + '"'


@contextmanager
def locked_if_match(request: Request, queryset: models.QuerySet[M], pk: Any) -> Iterator[M]:
    """The record locked for the rest of the transaction, if the client's If-Match is current.

    The check happens under the row lock, so two editors holding the same ETag cannot both
    write: the second waits, then finds the ETag stale and gets 412.
    """
    expected = request.headers.get("If-Match")
    if not expected:
        raise PreconditionRequired()
    with transaction.atomic():
        record = queryset.select_for_update().get(pk=pk)
        tags = {tag.strip() for tag in expected.split(",")}
        if "*" not in tags and etag(record) not in tags:
            raise PreconditionFailed()
        yield record
