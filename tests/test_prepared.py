"""A read compiled once gives what its queryset would, for each value it is run with."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from factcheck.prepared import PreparedRows
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

PK = -(2**62)


def test_each_run_reads_the_rows_of_its_own_values_as_the_queryset_would() -> None:
    first, second = ClaimFactory(), ClaimFactory(published_at="2025-07-04T10:00Z")
    prepared = PreparedRows(Claim.objects.filter(pk=PK).values("id", "published_at"), pk=PK)
    for claim in (first, second, first):
        with CaptureQueriesContext(connection) as captured:
            rows = prepared.rows(pk=claim.pk)
        assert rows == list(Claim.objects.filter(pk=claim.pk).values("id", "published_at"))
        assert len(captured) == 1
    assert prepared.rows(pk=0) == []


def test_a_placeholder_the_query_does_not_use_is_refused() -> None:
    prepared = PreparedRows(Claim.objects.values("id"), pk=PK)
    with pytest.raises(ValueError, match="placeholder"):
        prepared.rows(pk=1)
