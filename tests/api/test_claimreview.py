"""The seed claims' ClaimReview, once rated and published, field by field against Google's
fact-check markup (required: claimReviewed, reviewRating, url; recommended: author,
datePublished, itemReviewed with author, datePublished, appearance, firstAppearance)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings

from api.claimreview import review_rating
from claims.models import Article, Claim, Verdict
from sources.models import Source
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

ARTICLE_URL = "https://news.example/2025/07/04/kyiv-rocked"
ARTICLE_DATE = datetime.date(2025, 7, 4)


def _rate_and_publish(reviewer, claim: Claim, verdict: str, credibility: int | None) -> None:
    tag = reviewer.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    rated = reviewer.post(
        f"/api/v1/claims/{claim.pk}/rate/",
        {
            "verdict": verdict,
            "rationale": "Checked against hospital records.",
            "credibility": credibility,
        },
        format="json",
        HTTP_IF_MATCH=tag,
    )
    assert rated.status_code == 200, rated.content
    published = reviewer.post(
        f"/api/v1/claims/{claim.pk}/publish/", {}, format="json", HTTP_IF_MATCH=rated["ETag"]
    )
    assert published.status_code == 200, published.content


@pytest.fixture
def seeds() -> None:
    call_command("load_seeds")
    # Text ingest knows neither the article's address nor its date: an editor adds them.
    Article.objects.update(url=ARTICLE_URL, published_at=ARTICLE_DATE)


@override_settings(
    FACTCHECK_NEWSROOM_NAME="Kyiv Desk",
    FACTCHECK_NEWSROOM_URL="https://desk.example/",
    FACTCHECK_FACT_CHECK_URL="https://desk.example/fact-checks/{id}/",
)
def test_a_published_seed_claim_is_a_complete_claim_review(seeds, reviewer, editor) -> None:
    claim = Claim.objects.get(text__contains="eight people sustained injuries")
    tkachenko = Source.objects.get(name="Tymur Tkachenko")
    tag = editor.get(f"/api/v1/sources/{tkachenko.pk}/")["ETag"]
    editor.patch(
        f"/api/v1/sources/{tkachenko.pk}/", {"is_person": True}, format="json", HTTP_IF_MATCH=tag
    )
    _rate_and_publish(reviewer, claim, Verdict.MOSTLY_TRUE, 2)
    claim.refresh_from_db()

    review = client_for("anonymous").get(f"/api/v1/fact-checks/{claim.pk}/").json()

    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["url"] == f"https://desk.example/fact-checks/{claim.pk}/"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Kyiv Desk",
        "url": "https://desk.example/",
    }
    assert review["datePublished"] == claim.published_at.date().isoformat()
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Tymur Tkachenko"}
    # When the claim was made (the article's date), not when it was checked.
    assert item["datePublished"] == "2025-07-04"
    appearance = {
        "@type": "CreativeWork",
        "url": ARTICLE_URL,
        "headline": "Kyiv Rocked by Overnight Russian Barrage",
        "datePublished": "2025-07-04",
    }
    assert item["appearance"] == [appearance]
    assert item["firstAppearance"] == appearance


def test_a_relayed_claim_names_its_originator_not_the_relay(seeds, reviewer) -> None:
    claim = Claim.objects.get(text__contains="did not discuss the pause")
    _rate_and_publish(reviewer, claim, Verdict.UNVERIFIABLE, 6)
    review = client_for("anonymous").get(f"/api/v1/fact-checks/{claim.pk}/").json()
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Kremlin aide"}
    # Unverifiable is off the 1–5 scale: text only, no numbers.
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_an_organisation_claimant_is_an_organization_with_its_homepage(seeds, reviewer) -> None:
    claim = Claim.objects.get(text__contains="decreased by 45%")
    _rate_and_publish(reviewer, claim, Verdict.FALSE, 5)
    review = client_for("anonymous").get(f"/api/v1/fact-checks/{claim.pk}/").json()
    assert review["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Council on Foreign Relations",
        "url": "https://www.cfr.org/",
    }
    assert review["reviewRating"]["ratingValue"] == 1


def test_the_feed_lists_published_verdicts_oldest_first_and_syncs_from_a_cursor(
    seeds, reviewer
) -> None:
    claims = list(Claim.objects.exclude(attributions=None).order_by("pk")[:3])
    for claim in claims:
        _rate_and_publish(reviewer, claim, Verdict.TRUE, 1)
    anonymous = client_for("anonymous")
    first = anonymous.get("/api/v1/fact-checks/", {"page_size": 2}).json()
    assert [r["claimReviewed"] for r in first["results"]] == [c.text for c in claims[:2]]
    rest = anonymous.get(first["next"]).json()
    assert [r["claimReviewed"] for r in rest["results"]] == [claims[2].text]


@pytest.mark.parametrize(
    ("verdict", "value"),
    [("true", 5), ("mostly_true", 4), ("mixed", 3), ("mostly_false", 2), ("false", 1)],
)
def test_the_verdict_scale_maps_onto_one_to_five(verdict: str, value: int) -> None:
    rating = review_rating(verdict)
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (value, 5, 1)
    assert rating["alternateName"] == Verdict(verdict).label
