"""A subquery compiled once gives each claim its own rows, however the outer query is shaped."""

from __future__ import annotations

import pytest
from django.db.models import Count, F, OuterRef

from claims.models import Attribution, Claim
from factcheck.expressions import CompiledOnceSubquery
from tests.factories import AttributionFactory

pytestmark = pytest.mark.django_db


def _attribution_count() -> CompiledOnceSubquery:
    return CompiledOnceSubquery(
        Attribution.objects.filter(claim=OuterRef("pk"))
        .values("claim")
        .annotate(n=Count("id"))
        .values_list("n")
    )


def test_filtered_joined_and_reordered_queries_each_get_the_rows_of_their_own_claims() -> None:
    lone = AttributionFactory()
    pair = AttributionFactory()
    AttributionFactory(claim=pair.claim)
    rows = Claim.objects.values("id", attributions_found=_attribution_count())
    expected = {lone.claim_id: 1, pair.claim_id: 2}

    shapes = [
        rows.all(),
        rows.order_by("-id"),
        rows.filter(attributions__source=pair.source),  # a join in the outer query
        rows.filter(pk=lone.claim_id).order_by(F("created_at").desc()),
    ]
    for shape in shapes:
        found = {row["id"]: row["attributions_found"] for row in shape}
        assert found == {pk: n for pk, n in expected.items() if pk in found} and found, shape


def test_its_sql_is_compiled_once_for_every_shape_of_the_outer_query() -> None:
    AttributionFactory()
    rows = Claim.objects.values("id", attributions_found=_attribution_count())
    list(rows.all())
    list(rows.order_by("-id").filter(pk__gt=0))
    # The copies a queryset makes share the annotation it resolved: one compilation for all.
    resolved = rows.query.annotations["attributions_found"]
    assert len(resolved.__dict__["_compiled"]) == 1
