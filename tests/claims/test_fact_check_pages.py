"""The public fact-check page: at exactly the address its ClaimReview names, readable without a
login, showing the current published revision only (a draft re-rating does not show, a
retraction answers 410), with the ClaimReview embedded as JSON-LD that hostile text cannot
break out of."""

from __future__ import annotations

import datetime
import json
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.roles import REVIEWER
from claims.models import Role, Stance
from claims.services.claims import claim_rate
from claims.services.publications import claim_publish, claim_retract
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
    published_claim,
)

pytestmark = pytest.mark.django_db

HOSTILE = '</script><script>alert("x")</script><!-- {{ 1|add:1 }} & ‮'
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _claim_review(html: str) -> dict:
    scripts = JSON_LD.findall(html)
    assert len(scripts) == 1, html
    return json.loads(scripts[0])


def _rated(**fields):
    claim = ClaimFactory(**fields)
    claim_rate(
        claim=claim,
        verdict="false",
        rationale="Hospital records count eight.",
        credibility=5,
        by=None,
    )
    return claim


def test_the_page_is_at_exactly_the_url_its_claim_review_names_on_the_publishing_host() -> None:
    claim = _rated()
    reviewer = Client()
    reviewer.force_login(UserFactory(roles=[REVIEWER]))
    page = reviewer.get(reverse("claim_detail", args=[claim.pk])).text
    version = re.search(r'name="version" value="([^"]+)"', page)
    assert version
    reviewer.post(reverse("claim_publish", args=[claim.pk]), {"version": version.group(1)})
    published = claim.publications.get(is_current=True).claim_review
    # Published through the workbench at http://testserver/: its links name that host.
    assert published["url"] == f"http://testserver/fact-checks/{claim.pk}/"
    assert published["author"]["url"] == "http://testserver/"

    url = urlsplit(published["url"])
    response = Client().get(url.path, HTTP_HOST=url.netloc)
    assert response.status_code == 200
    assert response.wsgi_request.build_absolute_uri() == published["url"]
    assert _claim_review(response.text) == published


@override_settings(FACTCHECK_NEWSROOM_URL="https://desk.example", FACTCHECK_NEWSROOM_NAME="Desk")
def test_a_configured_newsroom_address_wins_over_the_request() -> None:
    claim = claim_publish(claim=_rated(), by=None, request_url="http://10.0.0.5:9000/")
    review = claim.publications.get().claim_review
    assert review["url"] == f"https://desk.example/fact-checks/{claim.pk}/"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Desk",
        "url": "https://desk.example/",
    }
    assert urlsplit(review["url"]).path == reverse("fact_check_detail", args=[claim.pk])


def test_anyone_reads_the_published_verdict_with_its_claimant_and_appearance() -> None:
    article = ArticleFactory(
        url="https://news.example/kyiv",
        published_at=datetime.datetime(2025, 7, 4, tzinfo=datetime.UTC),
    )
    claim = _rated(article=article, text="Eight people were injured in Kyiv.")
    source = SourceFactory(name="Tymur Tkachenko")
    AttributionFactory(claim=claim, source=source, role=Role.ORIGINATOR, stance=Stance.SUPPORTS)
    claim = claim_publish(claim=claim, by=None)

    response = Client().get(reverse("fact_check_detail", args=[claim.pk]))
    assert response.status_code == 200
    page = response.text
    for shown in [
        "Eight people were injured in Kyiv.",
        "Tymur Tkachenko",
        "https://news.example/kyiv",
        "False",
        "5: improbable",
        "Hospital records count eight.",
        claim.published_at.date().isoformat(),
    ]:
        assert shown in page, shown
    assert "Log out" not in page


def test_a_draft_re_rating_does_not_show_until_it_is_published_again() -> None:
    claim = _rated()
    claim_publish(claim=claim, by=None)
    claim_rate(claim=claim, verdict="true", rationale="Draft: recounted.", credibility=1, by=None)

    page = Client().get(reverse("fact_check_detail", args=[claim.pk])).text
    assert "Hospital records count eight." in page and "Draft: recounted." not in page
    assert _claim_review(page)["reviewRating"]["alternateName"] == "False"

    claim_publish(claim=claim, by=None)
    page = Client().get(reverse("fact_check_detail", args=[claim.pk])).text
    assert "Draft: recounted." in page and "revision 2" in page
    assert _claim_review(page)["reviewRating"]["alternateName"] == "True"


def test_an_unpublished_claim_has_no_public_page() -> None:
    claim = _rated()
    assert Client().get(reverse("fact_check_detail", args=[claim.pk])).status_code == 404
    assert claim.text not in Client().get(reverse("fact_check_list")).text


def test_a_retracted_fact_check_is_gone_with_its_reason() -> None:
    claim = _rated(text="Eight people were injured.")
    claim_publish(claim=claim, by=None)
    claim_retract(claim=claim, by=None, reason="The hospital revised its count.")

    response = Client().get(reverse("fact_check_detail", args=[claim.pk]))
    assert response.status_code == 410
    assert "This fact-check was retracted" in response.text
    assert "The hospital revised its count." in response.text
    assert "Eight people were injured." in response.text
    assert not JSON_LD.search(response.text)
    assert claim.text not in Client().get(reverse("fact_check_list")).text


def test_hostile_claim_text_is_escaped_in_the_page_and_in_its_json_ld() -> None:
    claim = _rated(text=HOSTILE)
    claim_publish(claim=claim, by=None)
    page = Client().get(reverse("fact_check_detail", args=[claim.pk])).text
    assert "<script>alert" not in page
    assert page.count("</script>") == 1  # the JSON-LD's own end, nothing the text closed
    assert _claim_review(page)["claimReviewed"] == HOSTILE
    assert "\\u003C/script\\u003E" in JSON_LD.findall(page)[0]
    assert "{{ 1|add:1 }}" in page  # shown as text, never rendered as a template
    listed = Client().get(reverse("fact_check_list")).text
    assert "<script>alert" not in listed


def test_the_list_shows_published_fact_checks_newest_first() -> None:
    older = published_claim(text="Older claim.")
    newer = published_claim(text="Newer claim.")
    page = Client().get(reverse("fact_check_list")).text
    assert page.index(newer.text) < page.index(older.text)
    assert reverse("fact_check_detail", args=[newer.pk]) in page


@pytest.mark.parametrize("attributions", [1, 10])
def test_the_page_runs_one_query_whatever_the_claim_holds(
    django_assert_num_queries, attributions: int
) -> None:
    claim = _rated()
    AttributionFactory(claim=claim, role=Role.ORIGINATOR, stance=Stance.SUPPORTS)
    AttributionFactory.create_batch(attributions, claim=claim, role=Role.RELAY)
    claim_publish(claim=claim, by=None)
    # the claim's current revision, with the text it last published (for a retraction)
    with django_assert_num_queries(1):
        response = Client().get(reverse("fact_check_detail", args=[claim.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("claims", [1, 25])
def test_the_list_runs_the_same_queries_whatever_the_number_of_fact_checks(
    django_assert_num_queries, claims: int
) -> None:
    for _ in range(claims):
        published_claim()
    # count of published fact-checks, the page of them
    with django_assert_num_queries(2):
        response = Client().get(reverse("fact_check_list"))
    assert response.status_code == 200
