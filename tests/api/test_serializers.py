"""The hand-written representations (fast enough for a page of 50 claims) say exactly what DRF's
field-by-field path would, so the schema generated from the declared fields stays true."""

from __future__ import annotations

import pytest
from rest_framework import serializers as drf

from api import serializers
from claims.models import ClaimStatus, Verdict
from claims.selectors import claim_detail, claim_summaries, with_attributions
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    CrossCheckFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def declared(serializer: drf.Serializer, instance) -> dict:
    """What DRF's own path gives for the serializer's declared fields."""
    return dict(drf.Serializer.to_representation(serializer, instance))


@pytest.fixture
def claim():
    claim = ClaimFactory(
        article=ArticleFactory(url="https://news.example/a", published_at="2025-07-04"),
        status=ClaimStatus.PUBLISHED,
        verdict=Verdict.MIXED,
        credibility=3,
        probability=0.61,
        suggested_credibility=2,
        published_at="2025-07-05T08:30:00.123456Z",
        corroboration={"explanation": ["Two agencies agree."], "sources": {}},
        quantities=[{"value": 8}],
    )
    AttributionFactory(claim=claim, source__name="TASS", role="relay", cue="citing")
    AttributionFactory(claim=claim, stance="contradicts")
    CrossCheckFactory(claim=claim, result={"probability": 0.6})
    claim.changes.create(action="edited", changes={"value": ["", "8"]}, changed_by=UserFactory())
    claim.changes.create(action="extracted")
    return claim


def test_a_listed_claim_is_what_its_declared_fields_say(claim) -> None:
    [listed] = with_attributions([claim_summaries().get(pk=claim.pk)])
    ClaimFactory(article=None)  # a claim without an article, below
    serializer = serializers.ClaimSerializer()
    assert serializer.to_representation(listed) == declared(serializer, listed)
    [orphan] = with_attributions(list(claim_summaries().filter(article=None)))
    assert serializer.to_representation(orphan) == declared(serializer, orphan)


def test_a_claim_detail_is_what_its_declared_fields_say(claim) -> None:
    detailed = claim_detail().get(pk=claim.pk)
    serializer = serializers.ClaimDetailSerializer()
    assert serializer.to_representation(detailed) == declared(serializer, detailed)


def test_each_nested_representation_is_what_its_declared_fields_say(claim) -> None:
    detailed = claim_detail().get(pk=claim.pk)
    [listed] = with_attributions([claim_summaries().get(pk=claim.pk)])
    attribution = detailed.attributions.first()
    pairs = [
        (serializers.SourceRefSerializer(), attribution.source),
        (serializers.SourceRefSerializer(), listed.attribution_list[0].source),
        (serializers.ArticleRefSerializer(), detailed.article),
        (serializers.ClaimAttributionSerializer(), listed.attribution_list[0]),
        (serializers.AttributionSerializer(), attribution),
        (serializers.CorroborationSerializer(), detailed),
        (serializers.CrossCheckSerializer(), detailed.crosschecks.first()),
    ] + [(serializers.ClaimChangeSerializer(), change) for change in detailed.changes.all()]
    for serializer, instance in pairs:
        assert serializer.to_representation(instance) == declared(serializer, instance), serializer
