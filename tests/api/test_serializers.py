"""A claim's records, built from rows the database shaped (fast enough for a page of 50 claims),
say exactly what DRF's field-by-field path over model instances would, so the schema generated
from the declared fields stays true, on PostgreSQL and SQLite alike; and every serializer of a
claim's record has the fields of the shape claims/selectors.py declares, no more, no fewer."""

from __future__ import annotations

import pytest
from django.db.models import Prefetch
from rest_framework import serializers as drf

from api import serializers
from claims import selectors
from claims.models import Attribution, Claim, ClaimChange, ClaimStatus, CrossCheck, Verdict
from claims.selectors import claim_detail, claim_rows, listed_claims
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


def instance(pk: int) -> Claim:
    """The claim as model instances, related rows in the API's order."""
    return Claim.objects.prefetch_related(
        Prefetch("attributions", Attribution.objects.order_by("role", "id")),
        Prefetch("crosschecks", CrossCheck.objects.order_by("-created_at", "-id")),
        Prefetch("changes", ClaimChange.objects.order_by("changed_at", "id")),
    ).get(pk=pk)


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
        assignee=UserFactory(username="alice"),
    )
    AttributionFactory(claim=claim, source__name="TASS", role="relay", cue="citing")
    AttributionFactory(claim=claim, stance="contradicts")
    CrossCheckFactory(claim=claim, result={"probability": 0.6})
    claim.changes.create(action="edited", changes={"value": ["", "8"]}, changed_by=UserFactory())
    claim.changes.create(action="extracted")
    return claim


def test_a_listed_claim_is_what_its_declared_fields_say(claim) -> None:
    orphan = ClaimFactory(article=None)
    AttributionFactory(claim=claim, role="originator")  # a later id, listed before the relay
    serializer = serializers.ClaimSerializer()
    for record in listed_claims(claim_rows().filter(pk__in=[claim.pk, orphan.pk])):
        assert serializer.to_representation(record) == declared(serializer, instance(record["id"]))


def test_a_claim_detail_is_what_its_declared_fields_say(claim) -> None:
    CrossCheckFactory(claim=claim, kind="appearance")  # two CrossChecks: newest first
    serializer = serializers.ClaimDetailSerializer()
    detailed = serializer.to_representation(claim_detail(pk=claim.pk))
    assert detailed == declared(serializer, instance(claim.pk))
    assert [a["role"] for a in detailed["attributions"]] == ["originator", "relay"]
    assert detailed["assignee"] == "alice"


def test_a_claim_without_attributions_crosschecks_or_history_has_empty_lists() -> None:
    bare = ClaimFactory()
    serializer = serializers.ClaimDetailSerializer()
    detailed = serializer.to_representation(claim_detail(pk=bare.pk))
    assert detailed == declared(serializer, instance(bare.pk))
    assert detailed["attributions"] == detailed["crosschecks"] == detailed["history"] == []


def test_no_claim_has_no_detail() -> None:
    assert claim_detail(pk=0) is None


@pytest.mark.parametrize(
    ("serializer", "shape"),
    [
        (serializers.ClaimSerializer, selectors.ListedClaim),
        (serializers.ClaimDetailSerializer, selectors.ClaimDetail),
        (serializers.ArticleRefSerializer, selectors.ArticleRef),
        (serializers.SourceRefSerializer, selectors.SourceRef),
        (serializers.ClaimAttributionSerializer, selectors.ListedAttribution),
        (serializers.AttributionSerializer, selectors.AttributionRecord),
        (serializers.CrossCheckSerializer, selectors.CrossCheckRecord),
        (serializers.ClaimChangeSerializer, selectors.ChangeRecord),
        (serializers.PublicationSerializer, selectors.PublicationRecord),
        (serializers.CorroborationSerializer, selectors.CorroborationRecord),
    ],
)
def test_a_record_serializer_has_its_shapes_fields_in_order(serializer, shape) -> None:
    assert list(serializer().fields) == list(shape.__annotations__)
