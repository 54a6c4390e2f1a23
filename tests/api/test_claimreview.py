"""The seed claims' ClaimReview, once rated and published, field by field against Google's
fact-check markup (required: claimReviewed, reviewRating, url; recommended: author,
datePublished, itemReviewed with author, datePublished, appearance, firstAppearance)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings

from claims.claimreview import review_rating
from claims.models import Article, Claim, Verdict
from sources.models import Source, SourceStatus
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

ARTICLE_URL = "https://news.example/2025/07/04/kyiv-rocked"
ARTICLE_DATE = datetime.date(2025, 7, 4)


def _rate_and_publish(reviewer, claim: Claim, verdict: str, credibility: int | None) -> None:
    # Only confirmed sources are published as claimants: the extractor proposed these.
    Source.objects.filter(attributions__claim=claim).update(status=SourceStatus.CONFIRMED)
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


def _rerate(reviewer, claim: Claim, verdict: str) -> None:
    tag = reviewer.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    rated = reviewer.post(
        f"/api/v1/claims/{claim.pk}/rate/",
        {"verdict": verdict, "rationale": "New hospital figures."},
        format="json",
        HTTP_IF_MATCH=tag,
    )
    assert rated.status_code == 200, rated.content


def _retract(reviewer, claim: Claim, reason: str) -> None:
    tag = reviewer.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    retracted = reviewer.post(
        f"/api/v1/claims/{claim.pk}/retract/", {"reason": reason}, format="json", HTTP_IF_MATCH=tag
    )
    assert retracted.status_code == 200, retracted.content


def _sync(client, cursor: str | None, page_size: int = 2) -> tuple[list[dict], str]:
    """What a partner does: read pages from its kept cursor until one is short; keep `next`."""
    url = cursor or "/api/v1/fact-checks/"
    seen: list[dict] = []
    while True:
        page = client.get(url, {"page_size": page_size} if url.endswith("/") else None).json()
        seen += page["results"]
        assert page["next"], "every page gives a cursor to keep"
        url = page["next"]
        if len(page["results"]) < page_size:
            return seen, url


def test_the_public_fact_check_changes_only_when_published_again(seeds, reviewer) -> None:
    claim = Claim.objects.get(text__contains="decreased by 45%")
    anonymous = client_for("anonymous")
    _rate_and_publish(reviewer, claim, Verdict.FALSE, 5)
    first = anonymous.get(f"/api/v1/fact-checks/{claim.pk}/").json()

    _rerate(reviewer, claim, Verdict.MOSTLY_FALSE)
    # The editors see the draft beside what the public sees.
    detail = reviewer.get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["verdict"] == "mostly_false"
    assert {k: detail["publication"][k] for k in ("revision", "status", "verdict")} == {
        "revision": 1,
        "status": "published",
        "verdict": "false",
    }
    # A draft: the public page and the feed keep the published revision, field by field.
    assert anonymous.get(f"/api/v1/fact-checks/{claim.pk}/").json() == first
    [item] = anonymous.get("/api/v1/fact-checks/").json()["results"]
    assert (item["revision"], item["status"], item["claim_review"]) == (1, "published", first)

    tag = reviewer.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    reviewer.post(f"/api/v1/claims/{claim.pk}/publish/", {}, format="json", HTTP_IF_MATCH=tag)
    second = anonymous.get(f"/api/v1/fact-checks/{claim.pk}/").json()
    assert second["reviewRating"]["alternateName"] == "Mostly false"
    assert second["reviewBody"] == "New hospital figures."
    assert second["datePublished"] == first["datePublished"]  # the first publication's date
    assert second["dateModified"] > first["dateModified"]
    unchanged = {"claimReviewed", "itemReviewed", "url", "author", "@context", "@type"}
    assert {key: second[key] for key in unchanged} == {key: first[key] for key in unchanged}
    [item] = anonymous.get("/api/v1/fact-checks/").json()["results"]
    assert (item["revision"], item["claim_review"]) == (2, second)

    _retract(reviewer, claim, "The report was about another city.")
    gone = anonymous.get(f"/api/v1/fact-checks/{claim.pk}/")
    assert (gone.status_code, gone.json()["type"]) == (410, "retracted")
    [item] = anonymous.get("/api/v1/fact-checks/").json()["results"]
    assert item["revision"] == 3
    assert item["status"] == "retracted"
    assert item["reason"] == "The report was about another city."
    assert item["claim_review"] is None


def test_publishing_what_is_already_out_makes_no_revision(seeds, reviewer) -> None:
    claim = Claim.objects.get(text__contains="decreased by 45%")
    _rate_and_publish(reviewer, claim, Verdict.FALSE, 5)
    tag = reviewer.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    again = reviewer.post(
        f"/api/v1/claims/{claim.pk}/publish/", {}, format="json", HTTP_IF_MATCH=tag
    )
    assert again.status_code == 200
    assert claim.publications.count() == 1


def test_the_feed_syncs_page_by_page_across_publications_corrections_and_retractions(
    seeds, reviewer
) -> None:
    claims = list(Claim.objects.exclude(attributions=None).order_by("pk")[:4])
    anonymous = client_for("anonymous")
    empty, cursor = _sync(anonymous, None)
    assert empty == []
    for claim in claims[:3]:
        _rate_and_publish(reviewer, claim, Verdict.TRUE, 1)
    seen, cursor = _sync(anonymous, cursor)
    assert [(r["claim"], r["revision"]) for r in seen] == [(c.pk, 1) for c in claims[:3]]

    nothing, cursor = _sync(anonymous, cursor)  # nothing new: the cursor to keep still works
    assert nothing == []

    _rerate(reviewer, claims[0], Verdict.FALSE)  # a draft: nothing new
    assert _sync(anonymous, cursor)[0] == []
    tag = reviewer.get(f"/api/v1/claims/{claims[0].pk}/")["ETag"]
    reviewer.post(f"/api/v1/claims/{claims[0].pk}/publish/", {}, format="json", HTTP_IF_MATCH=tag)
    _retract(reviewer, claims[1], "Misattributed.")
    _rate_and_publish(reviewer, claims[3], Verdict.MIXED, 3)
    seen, cursor = _sync(anonymous, cursor)
    assert [(r["claim"], r["revision"], r["status"]) for r in seen] == [
        (claims[0].pk, 2, "published"),
        (claims[1].pk, 2, "retracted"),
        (claims[3].pk, 1, "published"),
    ]
    assert seen[0]["claim_review"]["reviewRating"]["alternateName"] == "False"
    # From the start, a partner sees each claim once, as it now stands.
    everything, _ = _sync(anonymous, None)
    assert [(r["claim"], r["revision"]) for r in everything] == [
        (claims[2].pk, 1),
        (claims[0].pk, 2),
        (claims[1].pk, 2),
        (claims[3].pk, 1),
    ]


def test_the_feed_filters_by_verdict_source_claim_and_moment(seeds, reviewer) -> None:
    cfr = Claim.objects.get(text__contains="decreased by 45%")
    other = Claim.objects.exclude(pk=cfr.pk).exclude(attributions=None).order_by("pk").first()
    _rate_and_publish(reviewer, cfr, Verdict.FALSE, 5)
    _rate_and_publish(reviewer, other, Verdict.TRUE, 1)
    source = Source.objects.get(name="Council on Foreign Relations")
    anonymous = client_for("anonymous")

    def claims_of(**query) -> list[int]:
        answer = anonymous.get("/api/v1/fact-checks/", query)
        assert answer.status_code == 200, answer.content
        return [r["claim"] for r in answer.json()["results"]]

    assert claims_of(verdict="false") == [cfr.pk]
    assert claims_of(source=source.pk) == [cfr.pk]
    assert claims_of(claim=other.pk) == [other.pk]
    since = other.publications.get().published_at.isoformat()
    assert claims_of(published_since=since) == [other.pk]


def test_a_proposed_claimant_is_confirmed_before_publishing(seeds, reviewer, editor) -> None:
    claim = Claim.objects.get(text__contains="eight people sustained injuries")
    tkachenko = Source.objects.get(name="Tymur Tkachenko")
    assert tkachenko.status == SourceStatus.PROPOSED
    tag = reviewer.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    rated = reviewer.post(
        f"/api/v1/claims/{claim.pk}/rate/",
        {"verdict": "true", "rationale": "Hospital records."},
        format="json",
        HTTP_IF_MATCH=tag,
    )
    refused = reviewer.post(
        f"/api/v1/claims/{claim.pk}/publish/", {}, format="json", HTTP_IF_MATCH=rated["ETag"]
    )
    assert refused.status_code == 409
    assert refused.json()["type"] == "claimant_unconfirmed"
    source_tag = editor.get(f"/api/v1/sources/{tkachenko.pk}/")["ETag"]
    confirmed = editor.patch(
        f"/api/v1/sources/{tkachenko.pk}/",
        {"status": "confirmed"},
        format="json",
        HTTP_IF_MATCH=source_tag,
    )
    assert confirmed.status_code == 200, confirmed.content
    published = reviewer.post(
        f"/api/v1/claims/{claim.pk}/publish/", {}, format="json", HTTP_IF_MATCH=rated["ETag"]
    )
    assert published.status_code == 200, published.content
    review = client_for("anonymous").get(f"/api/v1/fact-checks/{claim.pk}/").json()
    assert review["itemReviewed"]["author"]["name"] == "Tymur Tkachenko"


@pytest.mark.parametrize(
    ("verdict", "value"),
    [("true", 5), ("mostly_true", 4), ("mixed", 3), ("mostly_false", 2), ("false", 1)],
)
def test_the_verdict_scale_maps_onto_one_to_five(verdict: str, value: int) -> None:
    rating = review_rating(verdict)
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (value, 5, 1)
    assert rating["alternateName"] == Verdict(verdict).label


def test_a_title_and_a_name_publish_the_person_as_the_claimant(reviewer, editor) -> None:
    text = (
        "Kyiv attacked overnight\n\nEight people were injured overnight, the head of Kyiv's "
        "military administration, Tymur Tkachenko, said. The State Emergency Service said "
        "fires were put out by morning."
    )
    ingested = editor.post("/api/v1/articles/", {"text": text}, format="json")
    assert ingested.status_code == 201, ingested.content
    claim = Claim.objects.get(text__startswith="Eight people")
    tkachenko = Source.objects.get(attributions__claim=claim)
    assert (tkachenko.name, tkachenko.kind) == ("Tymur Tkachenko", "official")
    service = Source.objects.get(name__contains="State Emergency Service")
    assert not service.taken_for_person
    _rate_and_publish(reviewer, claim, Verdict.TRUE, 2)
    review = client_for("anonymous").get(f"/api/v1/fact-checks/{claim.pk}/").json()
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Tymur Tkachenko"}
