"""Pictures drawn server-side: a claim's relay chain, a source's reliability interval, its
track record and its reliability over time, and the alternatives of a question. Each has a text
equivalent on its page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import VIEWER
from claims.models import Claim, CrossCheckKind, CrossCheckStatus, Role, Stance
from claims.pictures import (
    BOX_WIDTH,
    GAP_X,
    question_alternatives,
    relay_chain,
    reliability_history,
    track_record_chart,
)
from claims.selectors import VerdictCount
from claims.templatetags.pictures import interval
from tests.conftest import page_client
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    CrossCheckFactory,
    QuestionFactory,
    SourceFactory,
)

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
    # A group, not an img: an img's children are hidden from assistive technology, and these
    # are links (axe-core: nested-interactive).
    assert '<svg role="group" aria-labelledby="chain-title"' in page
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


# A source's reliability over time, from its track-record checks.


def _estimated(source, *, days_ago: int, mean: float, low: float, high: float) -> None:
    """A track-record check that estimated the source's reliability `days_ago`."""
    CrossCheckFactory(
        claim=None,
        source=source,
        kind=CrossCheckKind.TRACK_RECORD,
        status=CrossCheckStatus.SUCCEEDED,
        finished_at=timezone.now() - timedelta(days=days_ago),
        result={
            "claims": 4,
            "verdicts": 3,
            "reliability": {
                "mean": mean,
                "low": low,
                "high": high,
                "n_confirmed": 2,
                "n_refuted": 1,
            },
        },
    )


def test_the_reliability_history_draws_each_estimate_oldest_first_higher_for_more_reliable() -> (
    None
):
    source = SourceFactory()
    _estimated(source, days_ago=1, mean=0.8, low=0.6, high=0.9)
    _estimated(source, days_ago=30, mean=0.5, low=0.2, high=0.8)
    CrossCheckFactory(claim=None, source=source, kind=CrossCheckKind.TRACK_RECORD, status="failed")
    history = reliability_history(source.crosschecks.all())
    assert history is not None
    assert [(p.mean, p.low, p.high) for p in history.points] == [(50, 20, 80), (80, 60, 90)]
    older, newer = history.points
    assert older.x < newer.x and newer.mean_y < older.mean_y
    assert older.high_y < older.mean_y < older.low_y
    assert history.line == f"{older.x},{older.mean_y} {newer.x},{newer.mean_y}"


def test_no_reliability_history_without_a_check_that_estimated_it() -> None:
    source = SourceFactory()
    CrossCheckFactory(claim=None, source=source, kind=CrossCheckKind.TRACK_RECORD, status="failed")
    assert reliability_history(source.crosschecks.all()) is None


def test_the_source_page_draws_its_reliability_history_with_a_table_of_the_same_numbers() -> None:
    source = SourceFactory()
    _estimated(source, days_ago=3, mean=0.72, low=0.55, high=0.86)
    page = page_client(VIEWER).get(reverse("source_detail", args=[source.pk])).text
    assert 'role="img" aria-labelledby="history-title history-desc"' in page
    assert "<td>72%</td><td>55–86%</td><td>2</td><td>1</td>" in page
    assert " style=" not in page


@pytest.mark.parametrize("checks", [1, 10])
def test_the_source_page_with_its_history_runs_the_same_queries_whatever_the_checks(
    viewer_client: Client, django_assert_num_queries, checks: int
) -> None:
    source = SourceFactory()
    for days_ago in range(checks):
        _estimated(source, days_ago=days_ago, mean=0.7, low=0.5, high=0.8)
    # session, user, the user's roles, the source
    # with its affiliation, its aliases, its claims counted by verdict and role, its most
    # recent attributions, their claims' attributions (none: not run), its most recent
    # CrossChecks, their attempts
    with django_assert_num_queries(9):
        response = viewer_client.get(reverse("source_detail", args=[source.pk]))
    assert len(response.text.split('<circle cx="')) - 1 == checks


# The alternatives of a question, with their probabilities.


def _rival(value: str, *, probabilities: dict[str, float]) -> Claim:
    """A claim giving `value` to a question whose last corroboration weighed `probabilities`."""
    return ClaimFactory(
        question=QuestionFactory(text="People injured in Odesa"),
        value=value,
        corroboration={
            "explanation": [],
            "alternatives": [
                {"value": v, "probability": p, "credibility": 2, "sources": [f"Source of {v}"]}
                for v, p in probabilities.items()
            ],
        },
    )


def test_the_alternatives_are_drawn_likeliest_first_with_the_claims_own_value_marked() -> None:
    claim = _rival("8", probabilities={"8": 0.3, "10": 0.7})
    chart = question_alternatives(claim)
    assert chart is not None
    assert [(b.value, b.percent, b.mine) for b in chart.bars] == [
        ("10", 70, False),
        ("8", 30, True),
    ]
    assert chart.bars[0].width > chart.bars[1].width


def test_no_alternatives_without_a_question_or_a_rival_value() -> None:
    assert question_alternatives(ClaimFactory()) is None
    assert question_alternatives(_rival("8", probabilities={"8": 1.0})) is None


def test_the_claim_page_draws_the_alternatives_with_a_table_of_the_same_numbers() -> None:
    claim = _rival("eight", probabilities={"eight": 0.25, "10": 0.75})
    page = page_client(VIEWER).get(reverse("claim_detail", args=[claim.pk])).text
    assert 'role="img" aria-labelledby="alternatives-title alternatives-desc"' in page
    assert "<tr><td>eight <strong>(this claim)</strong></td><td>25%</td>" in page
    assert 'fill="url(#mine-hatch)"' in page
    assert " style=" not in page
