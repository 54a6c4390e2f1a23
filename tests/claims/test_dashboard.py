from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from claims.models import (
    AppearanceSnapshot,
    ClaimStatus,
    CrossCheckStatus,
    RelatedClaimStatus,
    Stance,
    Verdict,
)
from tests.factories import (
    AppearanceFactory,
    AttributionFactory,
    ClaimFactory,
    CrossCheckFactory,
    QuestionFactory,
    RelatedClaimFactory,
    SourceFactory,
    published_claim,
)

pytestmark = pytest.mark.django_db


def _snapshot(**flags: bool) -> AppearanceSnapshot:
    return AppearanceSnapshot.objects.create(
        appearance=AppearanceFactory(), fetched_at=timezone.now(), **flags
    )


def _block(text: str, heading: str) -> str:
    """The dashboard's block under the heading with this id."""
    start = text.index(f'id="{heading}"')
    return text[start : text.index("</section>", start)]


def _work(rows: int) -> None:
    """`rows` of every kind of work the dashboard shows."""
    question = QuestionFactory()
    for n in range(rows):
        ClaimFactory()
        RelatedClaimFactory(stance=Stance.CONTRADICTS)
        ClaimFactory(question=question, value=str(n))
        _snapshot(stealth_edit=True)
        _snapshot(link_rot=True)
        CrossCheckFactory(status=CrossCheckStatus.FAILED, error="Timed out.")
        published_claim()
        AttributionFactory(source=SourceFactory(grade="B"))


def test_dashboard_shows_claims_waiting_for_review_and_not_those_rated(
    viewer_client: Client,
) -> None:
    waiting = ClaimFactory(text="The dam holds 3 billion litres.")
    ClaimFactory(text="Rated already.", status=ClaimStatus.RATED, verdict=Verdict.FALSE)
    response = viewer_client.get(reverse("home"))
    assert response.status_code == 200
    assert f'href="{reverse("claim_detail", args=[waiting.pk])}"' in response.text
    assert "Rated already." not in response.text
    assert f"{reverse('claim_list')}?status=new&amp;verdict=none" in response.text


def test_dashboard_shows_contradicting_proposals_still_proposed_and_rival_values(
    viewer_client: Client,
) -> None:
    RelatedClaimFactory(stance=Stance.CONTRADICTS, related__text="Ten people were hurt.")
    RelatedClaimFactory(
        stance=Stance.CONTRADICTS,
        status=RelatedClaimStatus.REJECTED,
        related__text="Already settled.",
    )
    RelatedClaimFactory(stance=Stance.SUPPORTS, related__text="Agrees.")
    question = QuestionFactory(text="How many were hurt in Kyiv?")
    ClaimFactory(question=question, value="8")
    ClaimFactory(question=question, value="10")
    QuestionFactory(text="Agreed question?").claims.add(ClaimFactory(value="3"))
    text = _block(viewer_client.get(reverse("home")).text, "conflicts")
    assert "Ten people were hurt." in text
    assert "Already settled." not in text
    assert "Agrees." not in text
    assert 'How many were hurt in Kyiv? <span class="muted">(2 rival values)' in text
    assert "Agreed question?" not in text


def test_dashboard_shows_stealth_edits_and_link_rot(viewer_client: Client) -> None:
    edited = _snapshot(stealth_edit=True)
    rotten = _snapshot(link_rot=True)
    fine = _snapshot(quote_found=True)
    text = viewer_client.get(reverse("home")).text
    assert "Stealth edit</strong> at " + edited.appearance.url in text
    assert "Link rot</strong> at " + rotten.appearance.url in text
    assert fine.appearance.url not in text


@override_settings(FACTCHECK_CROSSCHECK_STUCK_SECONDS=600)
def test_dashboard_shows_crosschecks_failed_or_running_without_a_recent_heartbeat(
    viewer_client: Client,
) -> None:
    now = timezone.now()
    CrossCheckFactory(status=CrossCheckStatus.FAILED, error="Gave up after 5 attempts.")
    CrossCheckFactory(
        status=CrossCheckStatus.RUNNING, heartbeat_at=now - timedelta(minutes=11), error="stuck"
    )
    CrossCheckFactory(
        status=CrossCheckStatus.RUNNING, heartbeat_at=now - timedelta(minutes=1), error="alive"
    )
    CrossCheckFactory(status=CrossCheckStatus.SUCCEEDED, error="done")
    text = viewer_client.get(reverse("home")).text
    assert "Gave up after 5 attempts." in text
    assert "stuck since" in text
    assert "alive" not in text
    assert ">done<" not in text


def test_dashboard_shows_verdicts_published_lately(viewer_client: Client) -> None:
    published_claim(text="Wages rose 4% last year.", verdict=Verdict.MOSTLY_TRUE)
    text = viewer_client.get(reverse("home")).text
    assert "Wages rose 4% last year.</a>: Mostly true" in text
    assert f'href="{reverse("fact_check_list")}"' in text


def test_dashboard_ranks_the_sources_quoted_this_week_with_grade_and_reliability(
    viewer_client: Client,
) -> None:
    often = SourceFactory(
        name="Reuters", grade="B", reliability=0.8, reliability_low=0.7, reliability_high=0.9
    )
    AttributionFactory.create_batch(3, source=often)
    once = SourceFactory(name="TASS", grade="D")
    AttributionFactory(source=once)
    old = AttributionFactory(source=SourceFactory(name="Long ago"))
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    text = viewer_client.get(reverse("home")).text
    assert text.index("Reuters") < text.index("TASS")
    assert "<td>3</td><td>B: usually reliable</td>" in text
    assert "80%" in text
    assert "Long ago" not in text


def test_dashboard_escapes_markup(viewer_client: Client) -> None:
    ClaimFactory(text="<script>alert(1)</script> waits")
    text = viewer_client.get(reverse("home")).text
    assert "<script>alert(1)</script>" not in text


@pytest.mark.parametrize("rows", [1, 8])
def test_dashboard_runs_the_same_queries_whatever_the_amount_of_work(
    viewer_client: Client, django_assert_num_queries, rows: int
) -> None:
    _work(rows)
    # session, user, the user's roles;
    # claims_claim with claims_article (waiting); claims_relatedclaim with both claims_claim;
    # claims_question with a count of claims_claim; claims_appearancesnapshot with
    # claims_appearance; claims_crosscheck with claims_claim and sources_source;
    # claims_publication with claims_claim; sources_source with a count of claims_attribution
    with django_assert_num_queries(10):
        response = viewer_client.get(reverse("home"))
    assert response.status_code == 200
