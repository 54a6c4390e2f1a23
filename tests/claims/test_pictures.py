"""Pictures drawn server-side: a claim's relay chain, a source's reliability interval and its
track record. Each has a text equivalent on its page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import VIEWER
from claims.models import Role, Stance
from claims.pictures import BOX_WIDTH, GAP_X, relay_chain, track_record_chart
from claims.selectors import VerdictCount
from claims.templatetags.pictures import interval
from tests.conftest import page_client
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_a_relayed_claim_is_drawn_originator_relay_article_with_contradictions_apart() -> None:
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(name="Kremlin aide", grade="D"))
    AttributionFactory(claim=claim, source=SourceFactory(name="TASS"), role=Role.RELAY)
    AttributionFactory(claim=claim, source=SourceFactory(name="Kyiv"), stance=Stance.CONTRADICTS)
    chain = relay_chain(claim)
    assert chain is not None
    assert [(n.kind, n.title, n.x) for n in chain.nodes] == [
        ("originator", "Kremlin aide", 0),
        ("relay", "TASS", BOX_WIDTH + GAP_X),
        ("article", claim.article.title, 2 * (BOX_WIDTH + GAP_X)),
        ("contradicts", "Kyiv", 3 * (BOX_WIDTH + GAP_X)),
    ]
    assert chain.nodes[0].detail == "grade D"
    # originator → relay → article: two arrows, none to the contradicting source
    assert len(chain.edges) == 2


def test_a_claim_without_sources_has_no_chain() -> None:
    assert relay_chain(ClaimFactory()) is None


def test_the_claim_page_draws_its_chain_as_svg_linking_each_source() -> None:
    attribution = AttributionFactory(source=SourceFactory(name="A very long source name indeed"))
    page = page_client(VIEWER).get(reverse("claim_detail", args=[attribution.claim_id])).text
    assert '<svg role="img" aria-labelledby="chain-title"' in page
    assert "A very long source na…" in page
    assert f'href="{reverse("source_detail", args=[attribution.source_id])}"' in page


def test_the_reliability_interval_is_a_band_with_a_dot_and_says_itself_in_words() -> None:
    drawn = interval(0.7, 0.55, 0.82)
    assert 'aria-label="estimate 70%, 90% interval 55–82%"' in drawn
    assert '<rect x="55.0" y="2" width="27.0"' in drawn
    assert '<circle cx="70.0"' in drawn


def test_the_track_record_chart_scales_bars_to_the_largest_verdict() -> None:
    chart = track_record_chart(
        [VerdictCount("true", "True", 3, 1), VerdictCount("false", "False", 1, 0)]
    )
    assert chart is not None
    assert [(b.originator_width, b.relay_width) for b in chart.bars] == [(180.0, 60.0), (60.0, 0.0)]
    assert track_record_chart([VerdictCount("", "Not yet rated", 0, 0)]) is None


def test_the_source_page_draws_its_track_record(client: Client) -> None:
    attribution = AttributionFactory(claim=ClaimFactory(verdict="false"))
    page = page_client(VIEWER).get(reverse("source_detail", args=[attribution.source_id])).text
    assert 'aria-labelledby="record-title"' in page
