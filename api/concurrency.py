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
from claims.models import Claim, ClaimStatus

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

    The comparison happens under the row lock, so two editors holding the same ETag cannot both
    write: the second waits, then finds the ETag stale and gets 412.
    """
    if not request.headers.get("If-Match"):
        raise PreconditionRequired()
    with transaction.atomic():
        record = queryset.select_for_update().get(pk=pk)
        _refuse_stale_if_match(request, record)
        yield record


@contextmanager
def published_claim_if_match(request: Request, claim_id: Any) -> Iterator[None]:
    """Attributions of a published claim decide its next publication's claimant: like the claim
    itself, changing them needs If-Match with the claim's ETag (other claims' do not)."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        if claim.status == ClaimStatus.PUBLISHED:
            _refuse_stale_if_match(request, claim)
        yield


def _refuse_stale_if_match(request: Request, record: Any) -> None:
    expected = request.headers.get("If-Match")
    if not expected:
        raise PreconditionRequired()
    tags = {tag.strip() for tag in expected.split(",")}
    if "*" not in tags and etag(record) not in tags:
        raise PreconditionFailed()
